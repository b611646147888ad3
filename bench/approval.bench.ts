import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApi } from '../src/api/app.ts';
import { samplePlanYaml } from '../src/api/test-harness.ts';
import { jobKinds } from '../src/app/job-kinds.ts';
import { listApprovals } from '../src/approvals/approval-service.ts';
import { createToken } from '../src/auth/tokens.ts';
import { systemClock } from '../src/clock/clock.ts';
import { startFakeVendor } from '../src/connectors/testing/fake-vendor.ts';
import { setIncidentDependencies } from '../src/incidents/incident-dependencies.ts';
import { applyTriggerEvent } from '../src/incidents/incident-service.ts';
import { runbookRollback } from '../src/incidents/wired-dependencies.ts';
import type { AnyJobKind } from '../src/jobs/job-kind.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { createLaunch } from '../src/launch/launch-service.ts';
import { noData } from '../src/metrics/metric-reader.ts';
import { setRunbookDependencies } from '../src/runbooks/runbook-dependencies.ts';
import { runbookStepJob } from '../src/runbooks/runbook-executor.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const APPROVALS = 100;

/**
 * Approval → first rollback step started, on the real clock: 100 P0 incidents each with a
 * proposed rollback; each is approved with `POST /v1/approvals/{id}/approve` over HTTP (the API
 * on 127.0.0.1), which starts the real `rollback` runbook (`startRunbook`, first step enqueued
 * in the deciding transaction); the time runs until that first step (an `http` step) reaches a
 * local receiver. Target: p99 ≤ 1 s.
 */
export async function benchApproval(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const receiver = await startFakeVendor({ status: 200, body: 'ok' });
  const kinds = jobKinds.some((k) => k.name === runbookStepJob.name)
    ? jobKinds
    : [...jobKinds, runbookStepJob as AnyJobKind];
  const queue = await JobQueue.open({ url: store.url, db: store.db, clock: systemClock, kinds });
  setRunbookDependencies({
    metrics: { read: async () => noData('bench') },
    env: {},
    allowedExecutables: [],
  });
  setIncidentDependencies({
    env: {},
    executeRollback: runbookRollback({
      clock: systemClock,
      queue,
      runbooks: async () => ({
        steps: [
          {
            id: 'revert-traffic',
            type: 'http',
            url: `${receiver.url}/revert`,
            body: { version: 'v1' },
          },
        ],
      }),
    }),
  });
  const api = createApi({
    db: store.db,
    clock: systemClock,
    version: 'bench',
    isReady: async () => true,
  });
  const server = serve({ fetch: api.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await queue.startWorkers({ concurrency: 8 });
    const { secret } = await createToken(store.db, systemClock, {
      name: 'bench-lead',
      role: 'lead',
      actor: 'bench',
    });
    const approvalIds = await proposeRollbacks(store);
    const latencies: number[] = [];
    for (const [index, approvalId] of approvalIds.entries()) {
      const startedAt = Date.now();
      const answer = await fetch(`${base}/v1/approvals/${approvalId}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: '{"reason":"bench"}',
      });
      if (answer.status !== 200)
        throw new Error(`approve answered ${answer.status}: ${await answer.text()}`);
      while (receiver.received.length <= index)
        await new Promise((resolve) => setTimeout(resolve, 2));
      latencies.push((receiver.received[index]?.receivedAt ?? Number.NaN) - startedAt);
    }
    const detail = `${APPROVALS} approvals over HTTP → real startRunbook → first http step received; target p99 ≤ 1000 ms`;
    return [
      {
        name: 'approval → first rollback step started (p50)',
        value: median(latencies),
        unit: 'ms',
        detail,
      },
      {
        name: 'approval → first rollback step started (p99)',
        value: percentile(latencies, 99),
        unit: 'ms',
        detail,
      },
    ];
  } finally {
    setIncidentDependencies(null);
    setRunbookDependencies(null);
    server.close();
    await queue.stop();
    await receiver.close();
  }
}

async function proposeRollbacks(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < APPROVALS; n += 1) {
    const { launch } = await createLaunch(
      { db: store.db, clock: systemClock },
      { planYaml: samplePlanYaml, actor: 'bench' },
    );
    const at = systemClock.now().toISOString();
    await applyTriggerEvent(store.db, systemClock, {
      id: `${launch.id}:LAUNCH-001.rollback_uptime:${at}:firing`,
      launchId: launch.id,
      ruleId: 'LAUNCH-001.rollback_uptime',
      triggerId: 'LAUNCH-001',
      state: 'firing',
      level: 'critical',
      severity: 'P0',
      value: 80,
      reason: 'uptime 80 % < 90 % for 5m0s',
      at,
      firedAt: at,
      fireCount: 1,
    });
    const [rollback] = await listApprovals(store.db, { launchId: launch.id, state: 'pending' });
    if (rollback) ids.push(rollback.id);
  }
  return ids;
}
