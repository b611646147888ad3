import { type ChildProcessByStdio, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlan } from '../src/plan/init/render-plan.ts';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', 'bin', 'launchcrew.js');

/** `launchcrew up` on the embedded store, as a user would start it. */
async function startUp(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; base: string }> {
  const child = spawn(process.execPath, [cli, 'up', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = / ready in .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`up exited with ${code}:\n${output}`)));
  });
  return { child, base };
}

async function stop(child: ChildProcessByStdio<null, Readable, Readable>): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('launchcrew up on the embedded store', () => {
  let home = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'launchcrew-e2e-'));
    await chmod(home, 0o755);
    env = { ...process.env, DATABASE_URL: '', LAUNCHCREW_HOME: home, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('serves the API, keeps every record across a restart, and stops its server cleanly', {
    timeout: 120_000,
  }, async () => {
    const token = JSON.parse(
      (
        await run(
          process.execPath,
          [cli, 'token', 'create', '--role', 'lead', '--name', 'e2e', '--json'],
          { env },
        )
      ).stdout,
    ) as {
      secret: string;
    };
    expect(token.secret).toMatch(/^lct_/);
    const auth = { authorization: `Bearer ${token.secret}` };

    const first = await startUp(env);
    const planYaml = renderPlan('consumer_app_launch', { now: new Date(), schemaRef: 'x' });
    const created = await fetch(`${first.base}/v1/launches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/yaml' },
      body: planYaml,
    });
    expect(created.status).toBe(201);
    const { launch } = (await created.json()) as { launch: { id: string; state: string } };

    // another command while `up` runs shares its embedded server
    const listed = JSON.parse(
      (await run(process.execPath, [cli, 'launch', 'list', '--json'], { env })).stdout,
    ) as { id: string }[];
    expect(listed.map((l) => l.id)).toEqual([launch.id]);

    expect(await stop(first.child)).toBe(0);
    const dataDir = await realpath(join(home, 'pgdata'));
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    const second = await startUp(env);
    try {
      expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
      const fetched = await fetch(`${second.base}/v1/launches/${launch.id}`, { headers: auth });
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toMatchObject({
        launch: { id: launch.id, state: launch.state },
      });
      const audit = (await (
        await fetch(`${second.base}/v1/audit?launchId=${launch.id}`, { headers: auth })
      ).json()) as {
        entries?: { action: string }[];
      };
      expect(JSON.stringify(audit)).toContain('launch.create');
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    if (!dataDir.startsWith(home)) await rm(dataDir, { recursive: true, force: true });
  });
});
