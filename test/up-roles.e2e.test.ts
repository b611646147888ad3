import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

const cli = join(import.meta.dirname, '..', 'bin', 'launchcrew.js');

/** Starts `launchcrew up` with `args`, waits until it is ready, returns its banner and a stop function. */
async function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cli, 'up', '--port', '0', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const banner = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes(' ready in '));
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`up exited with ${code}: ${output}`)));
  });
  const stop = () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  };
  return { banner, stop };
}

describe('launchcrew up --role', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('runs the API and the worker as separate processes on one database', {
    timeout: 60_000,
  }, async () => {
    const env = { DATABASE_URL: t.url };
    const worker = await start(['--role', 'worker'], env);
    const api = await start(['--role', 'api'], env);
    try {
      expect(worker.banner).toContain('(worker) ready');
      expect(worker.banner).not.toContain('http://');
      const base = /on (http:\/\/\S+)/.exec(api.banner)?.[1];
      expect(base).toBeDefined();
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      expect(await api.stop()).toBe(0);
      expect(await worker.stop()).toBe(0);
    }
  });

  it('refuses an unknown role', async () => {
    await expect(start(['--role', 'both'], { DATABASE_URL: t.url })).rejects.toThrow(
      /--role must be one of all, api, worker/,
    );
  });
});
