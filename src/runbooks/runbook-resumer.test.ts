import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { systemClock } from '../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { executeRaw } from '../store/database.ts';
import { setRunbookDependencies } from './runbook-dependencies.ts';
import { startRunbook } from './runbook-executor.ts';
import { startRunbookResumer } from './runbook-resumer.ts';
import { getRunbookRun } from './runbook-store.ts';
import {
  openRunbookQueue,
  scriptedMetricReader,
  waitForRunEnd,
} from './testing/runbook-harness.ts';

describe('the runbook resumer', () => {
  let t: TestDatabase;
  let vendor: FakeVendor;

  beforeAll(async () => {
    t = await createTestDatabase();
    vendor = await startFakeVendor({ status: 200 });
    setRunbookDependencies({ metrics: scriptedMetricReader({}), env: {}, allowedExecutables: [] });
  });
  afterAll(async () => {
    setRunbookDependencies(null);
    await vendor.close();
    await t.drop();
  });

  it('re-enqueues the current step of a run whose job was lost, once per step', async () => {
    const producer = await openRunbookQueue(t.url, t.db, systemClock, { workers: false });
    const { runId } = await startRunbook(
      t.db,
      {
        clock: systemClock,
        queue: producer,
        runbooks: async () => ({
          steps: [
            { id: 'one', type: 'http', url: `${vendor.url}/one` },
            { id: 'two', type: 'http', url: `${vendor.url}/two` },
          ],
        }),
      },
      { launchId: null, runbookId: 'rollback', reason: 'test', actor: 'token:test' },
    );
    await producer.stop();
    await executeRaw(t.db, `DELETE FROM pgboss.job WHERE name = 'runbook.step'`);
    expect((await getRunbookRun(t.db, runId))?.state).toBe('running');

    const queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
    const resumer = startRunbookResumer(t.db, queue, { intervalMs: 50 });
    try {
      const run = await waitForRunEnd(t.db, runId);
      expect(run.state).toBe('succeeded');
      expect(run.steps.map((step) => step.attempts)).toEqual([1, 1]);
      expect(vendor.received.map((request) => request.path)).toEqual(['/one', '/two']);
    } finally {
      await resumer.stop();
      await queue.stop();
    }
  });
});
