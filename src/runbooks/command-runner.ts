/**
 * Runs an allow-listed executable without a shell: arguments as an array, a clean environment
 * (PATH plus the step's variables), killed when the step's signal aborts, the tail of stdout and
 * stderr kept.
 */
import { spawn } from 'node:child_process';
import { OperationalError, UserError } from '../shared/errors.ts';

/** How much of the output is kept. */
export const outputTailChars = 4_000;

/** A command to run. */
export interface CommandRequest {
  executable: string;
  args: readonly string[];
  cwd?: string | undefined;
  env?: Readonly<Record<string, string>>;
  allowedExecutables: readonly string[];
  signal: AbortSignal;
}

/**
 * Runs the command; resolves with the output tail when it exits 0. Not allow-listed → UserError;
 * a non-zero exit, a failure to start or a timeout → retryable OperationalError with the tail.
 *
 * @example
 * const output = await runCommand({ executable: '/usr/bin/true', args: [], allowedExecutables: ['/usr/bin/true'], signal });
 */
export async function runCommand(request: CommandRequest): Promise<string> {
  if (!request.allowedExecutables.includes(request.executable)) {
    throw new UserError(
      'executable_not_allowed',
      `executable '${request.executable}' is not in the runbook allow-list`,
    );
  }
  const child = spawn(request.executable, [...request.args], {
    shell: false,
    cwd: request.cwd,
    env: { PATH: process.env.PATH ?? '', ...request.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-outputTailChars);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const kill = () => child.kill('SIGKILL');
  request.signal.addEventListener('abort', kill, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    if (request.signal.aborted) {
      throw new OperationalError(`command timed out and was killed; output: ${tail}`);
    }
    if (code !== 0) throw new OperationalError(`command exited with ${code}; output: ${tail}`);
    return tail;
  } catch (error) {
    if (error instanceof OperationalError) throw error;
    throw new OperationalError(`command could not start: ${(error as Error).message}`);
  } finally {
    request.signal.removeEventListener('abort', kill);
  }
}
