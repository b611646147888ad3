import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { systemClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { listDeliveries } from '../deliveries/delivery-ledger.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { defineTriggerEventJob } from '../triggers/trigger-event-job.ts';
import { createAlertRouter } from './alert-router.ts';
import { alertPlan, triggerEvent } from './testing/alert-fixtures.ts';

describe('alerts from the trigger.event job (pg-boss)', () => {
  let t: TestDatabase;
  let slack: FakeVendor;
  let pagerDuty: FakeVendor;
  let queue: JobQueue | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    slack = await startFakeVendor({ status: 200, body: 'ok' });
    pagerDuty = await startFakeVendor(jsonReply(202, { status: 'success' }));
  });
  afterAll(async () => {
    await queue?.stop();
    await Promise.all([slack.close(), pagerDuty.close()]);
    await t.drop();
  });

  it('a Slack outage is retried by the job with backoff; PagerDuty is paged once', {
    timeout: 60_000,
  }, async () => {
    const plan = alertPlan([
      { id: 'slack', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } },
      {
        id: 'pagerduty',
        kind: 'paging',
        vendor: 'pagerduty',
        config: { routing_key_env: 'PD_KEY', events_url: `${pagerDuty.url}/v2/enqueue` },
      },
    ]);
    await t.db.insertInto('ventures').values({ id: 'acme', name: 'Acme Analytics' }).execute();
    const { id: launchId } = await t.db
      .insertInto('launches')
      .values({
        venture_id: 'acme',
        state: 'monitoring',
        preset: 'b2b_saas_launch',
        t0: '2026-12-01T10:00:00Z',
        plan: JSON.stringify(plan),
        plan_yaml: '',
        plan_sha256: '',
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const router = createAlertRouter({
      env: { SLACK_URL: `${slack.url}/services/T/B/X`, PD_KEY: 'k'.repeat(32) },
    });
    const job = defineTriggerEventJob([router]);
    queue = await JobQueue.open({
      url: t.url,
      db: t.db,
      clock: systemClock,
      kinds: [job as AnyJobKind],
    });
    // Three inline attempts fail on the first run of the job; the job's retry gets through.
    slack.replies.push({ status: 503 }, { status: 503 }, { status: 503 });
    const event = triggerEvent({
      launchId,
      id: `${launchId}:LAUNCH-001.rollback_uptime:job:firing`,
    });
    await t.db.transaction().execute((trx) => (queue as JobQueue).enqueue(trx, job, event));
    await queue.startWorkers();
    await queue.drain({ timeoutMs: 45_000 });

    expect(await queue.failedJobs()).toEqual([]);
    expect(slack.received).toHaveLength(4);
    expect(pagerDuty.received).toHaveLength(1);
    const rows = await listDeliveries(t.db, launchId);
    expect(rows.map((row) => [row.channel, row.state]).sort()).toEqual([
      ['pagerduty', 'sent'],
      ['slack', 'sent'],
    ]);
  });
});
