import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { listAudit } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import { setRunbookDependencies } from './runbook-dependencies.ts';
import type { RunbookSpecInput } from './runbook-spec.ts';
import { openRunbookQueue, runToEnd, scriptedMetricReader } from './testing/runbook-harness.ts';

describe('runbook policies', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let vendor: FakeVendor;
  let venture: ExampleVenture;
  const run = (spec: RunbookSpecInput, options: { dryRun?: boolean } = {}) =>
    runToEnd({ db: t.db, clock: systemClock, queue }, spec, options);
  const useMetrics = (metrics: MetricReader) =>
    setRunbookDependencies({ metrics, env: {}, allowedExecutables: [process.execPath] });
  const hook = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'http' as const,
    url: `${vendor.url}/${id}`,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    vendor = await startFakeVendor({ status: 200 });
    venture = await startExampleVenture();
    useMetrics(scriptedMetricReader({}));
    queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
  });
  beforeEach(() => {
    vendor.received.length = 0;
    vendor.replies.length = 0;
  });
  afterAll(async () => {
    await queue.stop();
    setRunbookDependencies(null);
    await Promise.all([vendor.close(), venture.stop()]);
    await t.drop();
  });

  it('fails a step that outlives its timeout', async () => {
    vendor.replies.push({ hang: true });
    const result = await run({ steps: [hook('slow', { timeout_ms: 200 })] });
    expect(result.state).toBe('failed');
    expect(result.steps[0]?.error).toContain('step timed out');
  });

  it('retries a failing step with backoff until it succeeds', async () => {
    vendor.replies.push({ status: 500 }, jsonReply(429, {}));
    const result = await run({ steps: [hook('flaky', { retries: 2, backoff_ms: 20 })] });
    expect(result.state).toBe('succeeded');
    expect(result.steps[0]?.attempts).toBe(3);
    expect(vendor.received.map((request) => request.path)).toEqual(['/flaky', '/flaky', '/flaky']);
    const retries = (await listAudit(t.db, { action: 'runbook.step.started' }))
      .filter((row) => row.subject_id === result.id)
      .map((row) => row.detail as { retry_after_error?: string });
    expect(retries.filter((detail) => detail.retry_after_error)).toHaveLength(2);
  });

  it('gives up after the last retry', async () => {
    vendor.replies.push({ status: 503 }, { status: 503 }, { status: 503 });
    const result = await run({ steps: [hook('down', { retries: 1, backoff_ms: 10 })] });
    expect(result.steps[0]).toMatchObject({ state: 'failed', attempts: 2 });
    expect(result.steps[0]?.error).toContain('HTTP 503');
    expect(vendor.received).toHaveLength(2);
  });

  it('stop: skips the remaining steps and fails the run', async () => {
    vendor.replies.push({ status: 400, body: 'bad request' });
    const result = await run({ steps: [hook('first'), hook('second')] });
    expect(result.state).toBe('failed');
    expect(result.steps.map((step) => step.state)).toEqual(['failed', 'skipped']);
    expect(vendor.received.map((request) => request.path)).toEqual(['/first']);
  });

  it('continue: runs the remaining steps and ends the run failed', async () => {
    vendor.replies.push({ status: 400 });
    const result = await run({
      steps: [hook('first', { on_failure: 'continue' }), hook('second')],
    });
    expect(result.state).toBe('failed');
    expect(result.steps.map((step) => step.state)).toEqual(['failed', 'succeeded']);
    expect(vendor.received.map((request) => request.path)).toEqual(['/first', '/second']);
  });

  it('escalate: stops, skips the rest and records an escalation', async () => {
    vendor.replies.push({ status: 400 });
    const result = await run({
      steps: [hook('first', { on_failure: 'escalate' }), hook('second')],
    });
    expect(result.state).toBe('escalated');
    expect(result.steps.map((step) => step.state)).toEqual(['failed', 'skipped']);
    const escalations = await listAudit(t.db, { action: 'runbook.escalated' });
    expect(escalations.map((row) => row.subject_id)).toEqual([result.id]);
    expect(escalations[0]?.detail).toMatchObject({ failed_step: 'first' });
  });

  it('dry run: records what each step would do and calls nothing', async () => {
    const metrics = scriptedMetricReader({ error_rate: [0.5] });
    useMetrics(metrics);
    const result = await run(
      {
        steps: [
          { id: 'traffic', type: 'traffic', url: `${venture.url}/admin/traffic`, version: 'v1' },
          {
            id: 'down',
            type: 'db_migration',
            executable: process.execPath,
            args: [venture.migrateScript, '--data-dir', venture.dataDir],
            to_version: 1,
          },
          hook('notify', { body: { text: 'rolled back' } }),
          {
            id: 'verify',
            type: 'verify',
            metrics: [{ name: 'error_rate', max: 0.01 }],
            hold_ms: 10,
          },
        ],
      },
      { dryRun: true },
    );
    expect(result.state).toBe('succeeded');
    expect(result.dryRun).toBe(true);
    expect(result.steps[0]?.output).toBe(
      `dry run: would {"action":"POST ${venture.url}/admin/traffic","body":{"version":"v1"}}`,
    );
    expect(result.steps[1]?.output).toContain('"down","--to","1"');
    expect(vendor.received).toHaveLength(0);
    expect(metrics.reads).toBe(0);
    expect(await venture.state()).toMatchObject({
      traffic: 'v2',
      trafficSwitches: 0,
      schemaVersion: 2,
    });
  });

  it('verify passes once the metrics are back within thresholds for the hold time', async () => {
    const metrics = scriptedMetricReader({ error_rate: [0.4, 0.2, 0.004], latency_p95: [300] });
    useMetrics(metrics);
    const result = await run({
      steps: [
        {
          id: 'verify',
          type: 'verify',
          metrics: [
            { name: 'error_rate', max: 0.01 },
            { name: 'latency_p95', max: 800 },
          ],
          hold_ms: 100,
          poll_ms: 20,
          timeout_ms: 5_000,
        },
      ],
    });
    expect(result.state).toBe('succeeded');
    expect(result.steps[0]?.output).toBe(
      'within thresholds for 100 ms: error_rate=0.004, latency_p95=300',
    );
  });

  it('verify fails when the metrics do not recover in time, and when there is no data', async () => {
    useMetrics(scriptedMetricReader({ error_rate: [0.001, 0.3], uptime: [null] }));
    const result = await run({
      steps: [
        {
          id: 'verify',
          type: 'verify',
          metrics: [{ name: 'error_rate', max: 0.01 }],
          hold_ms: 1_000,
          poll_ms: 20,
          timeout_ms: 300,
          on_failure: 'continue',
        },
        {
          id: 'uptime',
          type: 'verify',
          metrics: [{ name: 'uptime', min: 99 }],
          hold_ms: 0,
          poll_ms: 20,
          timeout_ms: 200,
        },
      ],
    });
    expect(result.state).toBe('failed');
    expect(result.steps[0]?.error).toContain(
      'metrics not back within thresholds in time: error_rate=0.3',
    );
    expect(result.steps[1]?.state).toBe('failed');
    expect(result.steps[1]?.error).toContain('uptime=no data (no samples)');
  });
});
