import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { verifyWebhookSignature } from '../../alerts/channels/webhook/webhook-signature.ts';
import { samplePlanYaml } from '../../api/test-harness.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import { automationReport } from '../../automation/automation-ledger.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../../connectors/testing/fake-vendor.ts';
import { recordFeedback } from '../../feedback/feedback-record.ts';
import type { AnyJobKind } from '../../jobs/job-kind.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { OperationalError } from '../../shared/errors.ts';
import { createHandoffJob, getHandoff } from './handoff-job.ts';
import { createOutcomeRequestJob, requestOutcomeDecision } from './outcome-decision.ts';
import { createLiveLaunch, seedCompleteMonitoring } from './testing/handoff-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hookSecret = 'whsec-stage32-hook';
const envSecret = 'whsec-stage32-env';

describe('Stage 32 handoff and MVP_LAUNCHED (real PostgreSQL, receivers at the wire)', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let hook: FakeVendor;
  let envReceiver: FakeVendor;
  let ops: FakeVendor;
  const t0 = new Date('2026-02-03T09:00:00Z');
  const succeededAt = new Date(t0.getTime() + 7 * DAY);
  const clock = new SimulatedClock(new Date(succeededAt.getTime() + HOUR));
  let handoffJob: ReturnType<typeof createHandoffJob>;
  let outcomeJob: ReturnType<typeof createOutcomeRequestJob>;
  const context = () => ({ db: t.db, clock, jobs: queue, jobId: 'test', attempt: 0 });

  const planYaml = () =>
    `${samplePlanYaml.replace(
      'people:\n',
      'people:\n  - { id: sam, name: Sam Support, roles: [support_lead], contact: { email: sam@example.com } }\n',
    )}connectors:
  - id: ops-bot
    kind: chat
    vendor: webhook
    config: { url: "${ops.url}/ops", secret_env: OPS_HOOK_SECRET }
  - id: stage32-hook
    kind: chat
    vendor: webhook
    config: { url: "${hook.url}/stage32", secret_env: STAGE32_HOOK_SECRET, events: [MVP_LAUNCHED], alerts: false }
`;
  const newLaunch = (state: 'succeeded' | 'monitoring') =>
    createLiveLaunch(t.db, planYaml(), {
      state,
      liveAt: t0,
      endedAt: state === 'succeeded' ? succeededAt : null,
    });

  beforeAll(async () => {
    t = await createTestDatabase();
    hook = await startFakeVendor({ status: 200 });
    envReceiver = await startFakeVendor({ status: 204 });
    ops = await startFakeVendor({ status: 200 });
    const env = {
      STAGE32_HOOK_SECRET: hookSecret,
      OPS_HOOK_SECRET: 'whsec-ops',
      LAUNCHCREW_STAGE32_WEBHOOK_URL: `${envReceiver.url}/events`,
      LAUNCHCREW_STAGE32_WEBHOOK_SECRET: envSecret,
      LAUNCHCREW_PUBLIC_URL: 'https://launchcrew.example/',
    };
    handoffJob = createHandoffJob({ env });
    outcomeJob = createOutcomeRequestJob({ env });
    queue = await JobQueue.open({
      url: t.url,
      db: t.db,
      clock,
      kinds: [handoffJob as AnyJobKind, outcomeJob as AnyJobKind],
    });
  });
  afterAll(async () => {
    await queue.stop();
    await Promise.all([hook.close(), envReceiver.close(), ops.close()]);
    await t.drop();
  });

  it('builds and stores the package once, with every part and its Markdown', async () => {
    const launchId = await newLaunch('succeeded');
    await seedCompleteMonitoring(t.db, clock, launchId, t0);
    await recordFeedback(t.db, clock, launchId, [
      { kind: 'ticket', external_id: 'zd-9', text: 'Data lost after login', priority: 'P0' },
    ]);
    await recordAudit(t.db, clock, {
      actor: 'system:launchcrew',
      action: 'launch.live',
      subjectType: 'launch',
      subjectId: launchId,
      launchId,
    });

    await handoffJob.run({ launchId }, context());
    await handoffJob.run({ launchId }, context());

    const stored = await getHandoff(t.db, launchId);
    const pkg = stored?.package;
    expect(pkg?.retrospective.timeline.map((e) => e.action)).toEqual([
      'launch.create',
      'launch.live',
    ]);
    expect(pkg?.retrospective.wentBadly).toContain('P1 "API 5xx" — resolved in 60 min');
    expect(pkg?.retrospective.wentWell).toEqual(
      expect.arrayContaining(['No rollback needed', '2 trigger(s) fired (target ≤ 2)']),
    );
    expect(pkg?.feedbackSummary).toMatchObject({
      dataPoints: 51,
      counts: { tickets: 26, surveys: 25 },
    });
    expect(pkg?.metricsSnapshot.metrics).toEqual([
      {
        name: 'error_rate',
        last: 0.02,
        lastAt: succeededAt.toISOString(),
        window: {
          from: t0.toISOString(),
          to: clock.now().toISOString(),
          min: 0.01,
          max: 0.02,
          avg: 0.011,
        },
        baseline: {
          from: t0.toISOString(),
          to: succeededAt.toISOString(),
          min: 0.01,
          max: 0.02,
          avg: 0.011,
        },
      },
    ]);
    expect(pkg?.knownIssues.incidents.map((i) => [i.severity, i.title])).toEqual([
      ['P2', 'Slow search'],
    ]);
    expect(pkg?.knownIssues.tickets.map((i) => [i.priority, i.externalId])).toEqual([
      ['P0', 'zd-9'],
    ]);
    expect(pkg?.customerSuccessOnboarding).toMatchObject({
      owners: [
        { id: 'sam', name: 'Sam Support', roles: ['support_lead'], email: 'sam@example.com' },
      ],
      earlyAdopters: null,
      accounts: null,
    });
    expect(pkg?.customerSuccessOnboarding.checklist[0]).toEqual({
      day: 'Day 1',
      item: 'Hand over the known issues: 1 open incident(s), 1 P0/P1 ticket(s)',
    });
    expect(pkg?.customerSuccessOnboarding.topThemes.map((theme) => theme.keyword)).toContain(
      'login',
    );

    const markdown = stored?.markdown ?? '';
    expect(markdown).toContain('# Acme Notes — Stage 32 handoff');
    expect(markdown).toContain('- P2 incident "Slow search"');
    expect(markdown).toContain('- P0 ticket zd-9: Data lost after login');
    expect(markdown).toContain('| error_rate | 0.02 | 0.01 | 0.02 | 0.011 | 0.011 | 0.01 | 0.02 |');
    expect(markdown).toContain('Owners: Sam Support (support_lead).');
    expect(markdown).toMatch(
      /- \[ \] \*\*Week 1\*\* — Address the top theme: \d+(\.\d)? % of tickets are about /,
    );

    const rows = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('launch_id', '=', launchId)
      .where('action', '=', 'launch.handoff')
      .execute();
    expect(rows).toHaveLength(1);
    const { tasks } = await automationReport(t.db, launchId);
    expect(tasks.find((task) => task.task === 'handoff')).toMatchObject({ done: 1, automatic: 1 });
  });

  it('sends MVP_LAUNCHED signed, once per receiver, through a 500 and a failing job run', async () => {
    hook.received.length = 0;
    envReceiver.received.length = 0;
    ops.received.length = 0;
    const launchId = await newLaunch('succeeded');
    hook.replies.push({ status: 500, body: 'busy' });
    envReceiver.replies.push({ status: 503 }, { status: 503 }, { status: 503 });

    await expect(handoffJob.run({ launchId }, context())).rejects.toBeInstanceOf(OperationalError);
    expect(hook.received).toHaveLength(2); // the 500, then the 200 (retried within the send)
    expect(envReceiver.received).toHaveLength(3);
    await handoffJob.run({ launchId }, context());
    await handoffJob.run({ launchId }, context());
    expect(hook.received).toHaveLength(2);
    expect(envReceiver.received).toHaveLength(4);
    expect(ops.received).toEqual([]);

    const stored = await getHandoff(t.db, launchId);
    const expected = {
      type: 'MVP_LAUNCHED',
      id: stored?.eventId,
      occurred_at: succeededAt.toISOString(),
      venture: { id: 'acme-notes', name: 'Acme Notes', stage: 32 },
      launch: {
        id: launchId,
        t0: t0.toISOString(),
        live_at: t0.toISOString(),
        succeeded_at: succeededAt.toISOString(),
      },
      handoff_url: `https://launchcrew.example/v1/launches/${launchId}/handoff`,
    };
    for (const [receiver, secret, path] of [
      [hook, hookSecret, '/stage32'],
      [envReceiver, envSecret, '/events'],
    ] as const) {
      for (const request of receiver.received) {
        expect(request.path).toBe(path);
        expect(JSON.parse(request.body)).toEqual(expected);
        expect(request.headers['x-launchcrew-event-id']).toBe(stored?.eventId);
        const header = request.headers['x-launchcrew-signature'] as string;
        expect(
          verifyWebhookSignature({ secret, body: request.body, header, now: clock.now() }),
        ).toBe(true);
        expect(
          verifyWebhookSignature({ secret: 'other', body: request.body, header, now: clock.now() }),
        ).toBe(false);
      }
    }
    const deliveries = await t.db
      .selectFrom('deliveries')
      .select(['key', 'state'])
      .where('launch_id', '=', launchId)
      .orderBy('key')
      .execute();
    expect(deliveries).toEqual([
      { key: `handoff:${launchId}:MVP_LAUNCHED:connector:stage32-hook`, state: 'sent' },
      { key: `handoff:${launchId}:MVP_LAUNCHED:env:stage32`, state: 'sent' },
    ]);
  });

  it('does not announce a launch that has not succeeded', async () => {
    hook.received.length = 0;
    const launchId = await newLaunch('monitoring');
    await handoffJob.run({ launchId }, context());
    expect(await getHandoff(t.db, launchId)).toBeDefined();
    expect(hook.received).toEqual([]);
  });

  it('asks the LEAD once per deadline to extend, pivot or declare the launch unsuccessful', async () => {
    ops.received.length = 0;
    const launchId = await newLaunch('monitoring');
    const firstDeadline = '2026-03-01T10:00:00.000Z';
    await t.db
      .updateTable('launches')
      .set({ success_deadline: new Date(firstDeadline) })
      .where('id', '=', launchId)
      .execute();
    const asked = [];
    for (let i = 0; i < 2; i++) {
      asked.push(
        await t.db.transaction().execute((trx) => requestOutcomeDecision(trx, clock, launchId)),
      );
    }
    expect(asked).toEqual([true, false]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('launch_id', '=', launchId)
      .where('action', '=', 'launch.outcome_requested')
      .execute();
    expect(audit).toEqual([
      {
        action: 'launch.outcome_requested',
        detail: {
          to: 'lead',
          deadline: firstDeadline,
          options: ['extend', 'pivot', 'unsuccessful'],
        },
      },
    ]);
    const work = await t.db
      .selectFrom('scheduled_work')
      .select(['job', 'data'])
      .where('launch_id', '=', launchId)
      .where('job', '=', 'launch.outcome-request')
      .execute();
    const data = { launchId, deadline: firstDeadline };
    expect(work).toEqual([{ job: 'launch.outcome-request', data }]);

    await outcomeJob.run(data, context());
    await outcomeJob.run(data, context());
    expect(ops.received).toHaveLength(1);
    const message = JSON.parse(ops.received[0]?.body ?? '{}') as { type: string; text: string };
    expect(message.type).toBe('message');
    expect(message.text).toContain(
      'Decide: extend the monitoring window, pivot, or declare the launch unsuccessful.',
    );
    expect(message.text).toContain('Exit gates failing: data_coverage (');
    const email = await t.db
      .selectFrom('deliveries')
      .select(['state', 'error'])
      .where('key', '=', `outcome:${launchId}:${firstDeadline}:email`)
      .executeTakeFirst();
    expect(email?.state).toBe('failed');
    expect(email?.error).toContain('no email connector');

    // An extension sets a new deadline: at that one the LEAD is asked again.
    await t.db
      .updateTable('launches')
      .set({ success_deadline: new Date('2026-03-08T10:00:00.000Z') })
      .where('id', '=', launchId)
      .execute();
    expect(
      await t.db.transaction().execute((trx) => requestOutcomeDecision(trx, clock, launchId)),
    ).toBe(true);
  });
});
