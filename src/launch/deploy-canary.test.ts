import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerEventJob } from '../app/job-kinds.ts';
import { withIncidentTables } from '../incidents/incident-tables.ts';
import { releaseDueWork } from '../jobs/due-work.ts';
import { type MetricReader, noData } from '../metrics/metric-reader.ts';
import { getRunbookRun, runbookDb } from '../runbooks/runbook-store.ts';
import { evaluateDueTriggers } from '../triggers/trigger-scheduler.ts';
import {
  type OrchestrationHarness,
  startOrchestrationHarness,
} from './testing/orchestration-harness.ts';

const hour = 3_600_000;
const t0 = new Date('2026-02-03T09:00:00Z');
const freeze = new Date(t0.getTime() - 96 * hour);
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body) });

/** Error rate (%) of 40 requests to the venture's home page; uptime and latency look fine. */
function ventureTrafficReader(ventureUrl: string): MetricReader {
  return {
    async read({ name }) {
      if (name === 'uptime') return { value: 100 };
      if (name === 'p95_response_time') return { value: 20 };
      if (name !== 'error_rate') return noData('not measured in this test');
      let errors = 0;
      for (let i = 0; i < 40; i++) {
        const answer = await fetch(`${ventureUrl}/`);
        await answer.arrayBuffer();
        if (answer.status >= 500) errors += 1;
      }
      return { value: (100 * errors) / 40 };
    },
  };
}

describe('a canary deploy of the example venture', () => {
  let h: OrchestrationHarness;
  beforeAll(async () => {
    h = await startOrchestrationHarness();
  });
  afterAll(() => h.close());

  it('fails its analysis when v2 errors, opens a P0 incident proposing the rollback, and ends rolled back', async () => {
    const { db } = h.api.t;
    const clock = h.api.clock;
    await post(`${h.venture.url}/admin/traffic`, { version: 'v1' });
    await post(`${h.venture.url}/admin/faults`, { version: 'v2', error_rate: 0.5 });
    const id = await h.createLaunch({ canary: true });
    await h.runUntil(id, new Date(freeze.getTime() + 1000));
    const go = await h.api.call('POST', `/v1/launches/${id}/go`, {
      as: 'lead',
      json: { decision: 'go' },
    });
    expect(go.status).toBe(200);

    // T0: the deploy starts; its analysis waits on the clock while the triggers are evaluated.
    clock.set(t0);
    const kinds = new Map(h.kinds.map((kind) => [kind.name, kind]));
    await releaseDueWork(db, h.queue, clock, kinds, { launchId: id });
    const reader = ventureTrafficReader(h.venture.url);
    let runId: string | undefined;
    for (let tick = 0; tick < 300; tick++) {
      const run = await runbookDb(db)
        .selectFrom('runbook_runs')
        .select(['id', 'state'])
        .where('launch_id', '=', id)
        .where('runbook_id', '=', 'deploy')
        .executeTakeFirst();
      runId = run?.id;
      if (run && run.state !== 'running') break;
      await evaluateDueTriggers({ db, clock, queue: h.queue, reader, eventJob: triggerEventJob });
      clock.advance(10_000);
      await sleep(40);
    }
    await h.queue.drain();

    const run = await getRunbookRun(db, runId ?? '');
    expect(run?.state).toBe('failed');
    expect(run?.spec.steps.map((step) => step.id)).toEqual([
      'canary-5',
      'canary-5-analysis',
      'canary-50',
      'canary-50-analysis',
      'canary-100',
      'canary-100-analysis',
    ]);
    const failed = run?.steps.find((step) => step.state === 'failed');
    expect(failed?.stepId).toMatch(/^canary-\d+-analysis$/);
    expect(failed?.error).toMatch(/LAUNCH-001\.\w+ (pending|firing)/);
    expect((await h.venture.state()).canary).not.toBeNull();

    const launch = await h.launch(id);
    expect(launch.state).toBe('executing');
    expect(launch.live_at).toBeNull();
    // LAUNCH-001 may have opened the incident already; the failed deploy raises it to P0.
    const incident = await withIncidentTables(db)
      .selectFrom('incidents')
      .selectAll()
      .where('launch_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(incident.severity_reason).toBe('severity of rule DEPLOY.failed');
    expect(incident.severity).toBe('P0');
    const rollback = await withIncidentTables(db)
      .selectFrom('approvals')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .where('action', '=', 'rollback')
      .executeTakeFirstOrThrow();
    expect(rollback.state).toBe('pending');

    const approved = await h.api.call('POST', `/v1/approvals/${rollback.id}/approve`, {
      as: 'lead',
      json: { reason: 'canary errors' },
    });
    expect(approved.status).toBe(200);
    await h.runUntil(id, new Date(clock.now().getTime() + 60_000));

    const ended = await h.launch(id);
    expect(ended.state).toBe('rolled_back');
    expect(ended.end_reason).toBe('deploy failed and was rolled back before the product went live');
    const venture = await h.venture.state();
    expect(venture.traffic).toBe('v1');
    expect(venture.canary).toBeNull();
  });
});
