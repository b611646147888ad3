import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { runbookExecutablesFromEnv } from './runbook-dependencies.ts';

const run = promisify(execFile);
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers });

describe('the example venture', () => {
  let venture: ExampleVenture;

  beforeAll(async () => {
    venture = await startExampleVenture();
  });
  afterAll(() => venture.stop());

  it('serves v2, then v1 after a traffic switch, and counts only real switches', async () => {
    expect(await (await fetch(`${venture.url}/admin/traffic`)).json()).toEqual({ version: 'v2' });
    expect(await (await fetch(`${venture.url}/healthz`)).json()).toEqual({
      status: 'ok',
      version: 'v2',
    });
    await post(`${venture.url}/admin/traffic`, { version: 'v1' });
    await post(`${venture.url}/admin/traffic`, { version: 'v1' });
    const page = await fetch(`${venture.url}/`);
    expect(page.headers.get('x-version')).toBe('v1');
    expect(await page.text()).toBe('<h1>Example venture v1</h1>');
    expect((await post(`${venture.url}/admin/traffic`, { version: 'v3' })).status).toBe(400);
    expect((await venture.state()).trafficSwitches).toBe(1);
    await post(`${venture.url}/admin/traffic`, { version: 'v2' });
  });

  it('injects outages and errors into v2 only, and shows them in its metrics', async () => {
    await post(`${venture.url}/admin/faults`, { outage: true });
    expect((await fetch(`${venture.url}/healthz`)).status).toBe(503);
    await post(`${venture.url}/admin/faults`, { outage: false, error_rate: 1 });
    expect((await fetch(`${venture.url}/`)).status).toBe(503);
    await post(`${venture.url}/admin/traffic`, { version: 'v1' });
    expect((await fetch(`${venture.url}/`)).status).toBe(200);
    const metrics = await (await fetch(`${venture.url}/metrics`)).text();
    expect(metrics).toContain('venture_requests_total{version="v2",outcome="error"} 2');
    expect((await venture.state()).faults.v2).toEqual({
      error_rate: 1,
      latency_ms: 0,
      outage: false,
    });
    await post(`${venture.url}/admin/faults`, { version: 'v2', error_rate: 0 });
  });

  it('applies a repeated Idempotency-Key once', async () => {
    const before = (await venture.state()).purges;
    for (let i = 0; i < 3; i++) {
      const answer = await post(
        `${venture.url}/admin/cache/purge`,
        {},
        { 'idempotency-key': 'k1' },
      );
      expect(await answer.json()).toEqual({ purged: true, purges: before + 1 });
    }
    await post(`${venture.url}/admin/cache/purge`, {}, { 'idempotency-key': 'k2' });
    expect((await venture.state()).purges).toBe(before + 2);
  });

  it('migrates down and up from the command line, doing nothing when already there', async () => {
    const migrate = (...args: string[]) =>
      run(process.execPath, [venture.migrateScript, ...args, '--data-dir', venture.dataDir]);
    expect((await migrate('down', '--to', '1')).stdout).toBe('down 2\nschema version 1\n');
    expect((await migrate('down', '--to', '1')).stdout).toBe('schema version 1, nothing to do\n');
    expect((await migrate('status')).stdout).toBe('schema version 1\n');
    expect((await migrate('up')).stdout).toBe('up 2\nschema version 2\n');
    expect((await venture.state()).migrationLog).toEqual(['up 1', 'up 2', 'down 2', 'up 2']);
    await expect(migrate('down', '--to', '7')).rejects.toThrow('--to must be 0…2');
  });
});

describe('the runbook allow-list from the environment', () => {
  it('reads absolute paths and refuses relative ones', () => {
    expect(runbookExecutablesFromEnv({})).toEqual([]);
    expect(
      runbookExecutablesFromEnv({ LAUNCHCREW_RUNBOOK_EXECUTABLES: '/usr/bin/node, /opt/migrate' }),
    ).toEqual(['/usr/bin/node', '/opt/migrate']);
    expect(() => runbookExecutablesFromEnv({ LAUNCHCREW_RUNBOOK_EXECUTABLES: 'node' })).toThrow(
      "'node' is not an absolute path",
    );
  });
});
