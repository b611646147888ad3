/** Activation worker processes for the scale tests: started ahead of time, killed with -9. */
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workerScript = join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'activation',
  'testing',
  'activation-worker.ts',
);

/** A worker process, connected and waiting for `go` (so its start-up is not on the clock). */
export interface IdleWorker {
  process: ChildProcess;
  /** Starts running jobs; resolves once it has. */
  go(): Promise<void>;
}

/**
 * Starts `activation-worker.ts` on database `url` with the shared clock in `clockFile`.
 *
 * @example
 * const worker = await spawnActivationWorker(t.url, clockFile); await worker.go();
 */
export async function spawnActivationWorker(url: string, clockFile: string): Promise<IdleWorker> {
  const child = spawn(process.execPath, [workerScript, url, clockFile], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // V8's compile cache halves a worker's start-up, so that 50 restarts fit in a test
    env: { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), 'launchcrew-compile-cache') },
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  });
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const waitForLine = async (line: string) => {
    while (!lines.includes(line)) {
      if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode})`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await waitForLine('ready');
  return {
    process: child,
    async go() {
      child.stdin?.write('go\n');
      await waitForLine('started');
    },
  };
}

/**
 * Kills `child` with SIGKILL (kill -9) and waits for it to exit.
 *
 * @example
 * await killHard(worker.process);
 */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
