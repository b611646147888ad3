import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApprovals } from '../approvals/approval-service.ts';
import { type FakeVendor, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { noData } from '../metrics/metric-reader.ts';
import { setRunbookDependencies } from '../runbooks/runbook-dependencies.ts';
import { getRunbookRun } from '../runbooks/runbook-store.ts';
import { setIncidentDependencies } from './incident-dependencies.ts';
import { type IncidentHarness, startIncidentHarness } from './testing/incident-harness.ts';
import { runbookRollback } from './wired-dependencies.ts';

describe('an approved rollback starts the real rollback runbook', () => {
  let h: IncidentHarness;
  let venture: FakeVendor;
  beforeAll(async () => {
    h = await startIncidentHarness();
    venture = await startFakeVendor({ status: 200, body: 'switched' });
    setRunbookDependencies({
      metrics: { read: async () => noData('test') },
      env: {},
      allowedExecutables: [],
    });
    setIncidentDependencies({
      executeRollback: runbookRollback({
        clock: h.api.clock,
        queue: h.queue,
        runbooks: async () => ({
          steps: [
            {
              id: 'revert-traffic',
              type: 'http',
              url: `${venture.url}/traffic`,
              body: { version: 'v1' },
            },
          ],
        }),
      }),
    });
  });
  afterAll(async () => {
    setRunbookDependencies(null);
    await venture.close();
    await h.close();
  });

  it('creates the run with who and why, and its first step runs', async () => {
    const launchId = await h.createLaunch();
    await h.fire(launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    const approved = await h.api.call<{ approval: { result: { runId: string } } }>(
      'POST',
      `/v1/approvals/${rollback?.id}/approve`,
      { as: 'lead', json: { reason: 'v2 broken' } },
    );
    expect(approved.status).toBe(200);
    const { runId } = approved.body.approval.result;
    await h.queue.drain();
    const run = await getRunbookRun(h.api.t.db, runId);
    expect(run).toMatchObject({
      launchId,
      runbookId: 'rollback',
      actor: 'token:lead-user',
      reason: `incident ${rollback?.incident_id}: v2 broken`,
      state: 'succeeded',
    });
    expect(venture.received.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/traffic', '{"version":"v1"}'],
    ]);
  });
});
