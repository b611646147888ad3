import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { listAudit } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { setRunbookDependencies } from './runbook-dependencies.ts';
import type { RunbookSpecInput } from './runbook-spec.ts';
import { openRunbookQueue, runToEnd, scriptedMetricReader } from './testing/runbook-harness.ts';

const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';

describe('runbook step types', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let venture: ExampleVenture;
  let cloudflare: FakeVendor;
  let launchDarkly: FakeVendor;
  let receiver: FakeVendor;
  const run = (spec: RunbookSpecInput) => runToEnd({ db: t.db, clock: systemClock, queue }, spec);

  beforeAll(async () => {
    t = await createTestDatabase();
    venture = await startExampleVenture();
    cloudflare = await startFakeVendor(
      jsonReply(200, { success: true, errors: [], messages: [], result: { id: 'purge-1' } }),
    );
    launchDarkly = await startFakeVendor(jsonReply(200, { key: 'new-checkout' }));
    receiver = await startFakeVendor({ status: 204 });
    setRunbookDependencies({
      metrics: scriptedMetricReader({}),
      env: { CF_TOKEN: 'cf-secret', LD_KEY: 'api-ld-secret', HOOK_TOKEN: 'hook-secret' },
      allowedExecutables: [process.execPath],
    });
    queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
  });
  afterAll(async () => {
    await queue.stop();
    setRunbookDependencies(null);
    await Promise.all([venture.stop(), cloudflare.close(), launchDarkly.close(), receiver.close()]);
    await t.drop();
  });

  it('switches traffic, rolls the migration down and purges the cache of the example venture', async () => {
    const result = await run({
      steps: [
        { id: 'traffic', type: 'traffic', url: `${venture.url}/admin/traffic`, version: 'v1' },
        {
          id: 'migrate-down',
          type: 'db_migration',
          executable: process.execPath,
          args: [venture.migrateScript, '--data-dir', venture.dataDir],
          to_version: 1,
        },
        { id: 'purge', type: 'cdn_purge', url: `${venture.url}/admin/cache/purge` },
      ],
    });
    expect(result.state).toBe('succeeded');
    expect(result.steps.map((step) => [step.stepId, step.state, step.attempts])).toEqual([
      ['traffic', 'succeeded', 1],
      ['migrate-down', 'succeeded', 1],
      ['purge', 'succeeded', 1],
    ]);
    expect(result.steps[1]?.output).toContain('down 2');
    const state = await venture.state();
    expect(state).toMatchObject({ traffic: 'v1', trafficSwitches: 1, purges: 1, schemaVersion: 1 });
    expect(state.migrationLog).toEqual(['up 1', 'up 2', 'down 2']);
    const page = await fetch(`${venture.url}/`);
    expect(page.headers.get('x-version')).toBe('v1');

    const actions = (await listAudit(t.db, { limit: 50 })).map((row) => row.action).reverse();
    expect(actions).toEqual([
      'runbook.started',
      ...Array(3).fill(['runbook.step.started', 'runbook.step.finished']).flat(),
      'runbook.finished',
    ]);
  });

  it('sends Cloudflare purge and DNS updates and a LaunchDarkly semantic patch as documented', async () => {
    const result = await run({
      connectors: [
        {
          id: 'edge',
          kind: 'cdn',
          vendor: 'cloudflare',
          config: { api_token_env: 'CF_TOKEN', zone_id: zoneId, api_url: cloudflare.url },
        },
        {
          id: 'flags',
          kind: 'deploy',
          vendor: 'launchdarkly',
          config: {
            api_key_env: 'LD_KEY',
            project_key: 'default',
            environment_key: 'production',
            api_url: launchDarkly.url,
          },
        },
      ],
      steps: [
        {
          id: 'flag-off',
          type: 'traffic',
          connector: 'flags',
          flag_key: 'new-checkout',
          comment: 'rollback: LAUNCH-001',
        },
        {
          id: 'dns-back',
          type: 'dns',
          connector: 'edge',
          record_id: '372e67954025e0ba6aaa6d586b9e0b59',
          record: {
            type: 'A',
            name: 'app.example.com',
            content: '198.51.100.4',
            ttl: 60,
            proxied: true,
          },
        },
        {
          id: 'purge',
          type: 'cdn_purge',
          connector: 'edge',
          purge: { files: ['https://app.example.com/'] },
        },
      ],
    });
    expect(result.state).toBe('succeeded');

    const [flag] = launchDarkly.received;
    expect(flag).toMatchObject({ method: 'PATCH', path: '/api/v2/flags/default/new-checkout' });
    expect(flag?.headers['content-type']).toBe(
      'application/json; domain-model=launchdarkly.semanticpatch',
    );
    expect(flag?.headers.authorization).toBe('api-ld-secret');
    expect(JSON.parse(flag?.body ?? '')).toEqual({
      environmentKey: 'production',
      comment: 'rollback: LAUNCH-001',
      instructions: [{ kind: 'turnFlagOff' }],
    });

    const [dns, purge] = cloudflare.received;
    expect(dns).toMatchObject({
      method: 'PATCH',
      path: `/client/v4/zones/${zoneId}/dns_records/372e67954025e0ba6aaa6d586b9e0b59`,
    });
    expect(dns?.headers.authorization).toBe('Bearer cf-secret');
    expect(JSON.parse(dns?.body ?? '')).toEqual({
      type: 'A',
      name: 'app.example.com',
      content: '198.51.100.4',
      ttl: 60,
      proxied: true,
    });
    expect(purge).toMatchObject({ method: 'POST', path: `/client/v4/zones/${zoneId}/purge_cache` });
    expect(JSON.parse(purge?.body ?? '')).toEqual({ files: ['https://app.example.com/'] });
  });

  /** A Cloudflare connector pointed at the fake vendor. */
  const edgeConnector = () => ({
    id: 'edge',
    kind: 'cdn' as const,
    vendor: 'cloudflare',
    config: { api_token_env: 'CF_TOKEN', zone_id: zoneId, api_url: cloudflare.url },
  });

  it('fails a Cloudflare answer with success: false without retrying it', async () => {
    cloudflare.replies.push(
      jsonReply(200, {
        success: false,
        errors: [{ code: 1012, message: 'bad zone' }],
        result: null,
      }),
    );
    const before = cloudflare.received.length;
    const result = await run({
      connectors: [edgeConnector()],
      steps: [{ id: 'purge', type: 'cdn_purge', connector: 'edge', retries: 3, backoff_ms: 10 }],
    });
    expect(result.state).toBe('failed');
    expect(result.steps[0]?.error).toContain('bad zone');
    expect(cloudflare.received.length - before).toBe(1);
  });

  it('retries a Cloudflare purge after 500, 429 with Retry-After and a timeout, purging once', async () => {
    const ok = jsonReply(200, { success: true, errors: [], result: { id: 'purge-1' } });
    cloudflare.replies.push(
      { status: 500 },
      jsonReply(429, {}, { 'retry-after': '0' }),
      { hang: true },
      ok,
    );
    const before = cloudflare.received.length;
    const result = await run({
      connectors: [edgeConnector()],
      steps: [
        {
          id: 'purge',
          type: 'cdn_purge',
          connector: 'edge',
          retries: 4,
          backoff_ms: 10,
          timeout_ms: 3_000,
        },
      ],
    });
    expect(result.state).toBe('succeeded');
    const purges = cloudflare.received.slice(before);
    expect(purges.length).toBeGreaterThanOrEqual(4);
    expect(purges.every((r) => r.path === `/client/v4/zones/${zoneId}/purge_cache`)).toBe(true);
    const deliveries = await t.db
      .selectFrom('deliveries')
      .selectAll()
      .where('key', '=', `runbook:${result.id}:purge`)
      .execute();
    expect(deliveries.filter((d) => d.state === 'sent')).toHaveLength(1);
  });

  it('sends http steps with secret headers from the environment and checks the status', async () => {
    const result = await run({
      steps: [
        {
          id: 'hook',
          type: 'http',
          method: 'PUT',
          url: `${receiver.url}/deploys/current`,
          headers: { 'x-source': 'launchcrew' },
          headers_env: { authorization: 'HOOK_TOKEN' },
          body: { release: 'v1' },
          expect_status: [204],
        },
      ],
    });
    expect(result.state).toBe('succeeded');
    const [request] = receiver.received;
    expect(request).toMatchObject({
      method: 'PUT',
      path: '/deploys/current',
      body: '{"release":"v1"}',
    });
    expect(request?.headers).toMatchObject({
      authorization: 'hook-secret',
      'x-source': 'launchcrew',
      'idempotency-key': `runbook:${result.id}:hook`,
    });
    const audit = JSON.stringify(await listAudit(t.db, { limit: 100 }));
    expect(audit).not.toContain('hook-secret');
  });

  it('runs allow-listed commands without a shell and keeps their output; refuses others', async () => {
    const ok = await run({
      steps: [
        {
          id: 'echo',
          type: 'command',
          executable: process.execPath,
          args: ['-e', 'console.log(process.argv[1]); console.error("warned")', '$HOME; rm -rf /'],
        },
      ],
    });
    expect(ok.state).toBe('succeeded');
    expect(ok.steps[0]?.output).toBe('$HOME; rm -rf /\nwarned\n');

    const refused = await run({
      steps: [
        { id: 'sh', type: 'command', executable: '/bin/sh', args: ['-c', 'true'], retries: 3 },
      ],
    });
    expect(refused.state).toBe('failed');
    expect(refused.steps[0]).toMatchObject({ attempts: 1, state: 'failed' });
    expect(refused.steps[0]?.error).toContain("'/bin/sh' is not in the runbook allow-list");
  });
});
