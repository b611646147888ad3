/** Runs the built CLI in a child process, as a user would (tests only). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'launchcrew.js');

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `launchcrew <args>` with `env` on top of this process's environment (and in `cwd` when
 * given); resolves with the exit code and output, never rejects.
 *
 * @example
 * const shown = await runLaunchcrew(['gates', launchId], { env: { DATABASE_URL: t.url } });
 * expect(shown.code).toBe(0);
 */
export function runLaunchcrew(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}) },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
