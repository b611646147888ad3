/** Starts the example venture as a real child process, for tests, drills and benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateTo } from './migrate.ts';
import type { VentureState } from './server.ts';

/** A running example venture. */
export interface ExampleVenture {
  url: string;
  /** Where its schema version and migration log live (pass to migrate.ts --data-dir). */
  dataDir: string;
  /** The path of migrate.ts, for `command` and `db_migration` steps. */
  migrateScript: string;
  state(): Promise<VentureState>;
  stop(): Promise<void>;
}

/**
 * Starts `examples/venture/server.ts` in a child process with a fresh data dir whose schema is
 * migrated up to v2, serving v2.
 *
 * @example
 * const venture = await startExampleVenture();
 * await fetch(`${venture.url}/admin/faults`, { method: 'POST', body: '{"error_rate":0.5}' });
 * await venture.stop();
 */
export async function startExampleVenture(
  options: { port?: number } = {},
): Promise<ExampleVenture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'venture-'));
  migrateTo(dataDir, 2);
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, 'server.ts'),
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await readListeningUrl(child);
  return {
    url,
    dataDir,
    migrateScript: join(import.meta.dirname, 'migrate.ts'),
    async state() {
      const response = await fetch(`${url}/admin/state`);
      return (await response.json()) as VentureState;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function readListeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`example venture exited (${code}): ${output}`)));
  });
}
