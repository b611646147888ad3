import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { listDeliveries } from '../deliveries/delivery-ledger.ts';
import { listScheduledWork } from '../jobs/due-work.ts';
import { runSchedule } from '../jobs/due-work-controller.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { setLaunchCollaborators } from '../launch/launch-collaborators.ts';
import { cancelLaunch, createLaunch } from '../launch/launch-service.ts';
import { launchMilestoneJob } from '../launch/milestone-job.ts';
import { scriptedLaunchCollaborators } from '../launch/testing/scripted-collaborators.ts';
import { type MetricQuery, type MetricReading, noData } from '../metrics/metric-reader.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { OperationalError } from '../shared/errors.ts';
import {
  type ReportEmail,
  type ReportLaunch,
  type ReportSender,
  setReportDependencies,
} from './report-dependencies.ts';
import { reportSendJob } from './report-job.ts';
import { scheduleLaunchReports } from './report-schedule.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-11-26T12:00:00Z');
const planYaml = renderPlan('developer_tool_launch', { now, schemaRef: 'launch-plan.schema.json' });

/** A sender that records every message; it can fail a launch's next e-mail or refuse its chat. */
class RecordingSender implements ReportSender {
  readonly chats: { launchId: string; text: string }[] = [];
  readonly emails: { launchId: string; email: ReportEmail }[] = [];
  readonly failNextEmail = new Set<string>();
  readonly refuseChat = new Set<string>();

  async chat(launch: ReportLaunch, text: string) {
    this.chats.push({ launchId: launch.id, text });
    if (this.refuseChat.has(launch.id)) throw new Error('slack: 403 invalid_token');
    return { ok: true };
  }

  async email(launch: ReportLaunch, email: ReportEmail) {
    this.emails.push({ launchId: launch.id, email });
    if (this.failNextEmail.delete(launch.id)) throw new OperationalError('smtp: 421 try later');
    return { messageId: `<${this.emails.length}@test>` };
  }
}

/**
 * In-memory metrics, in hours since T0 (`h`) at the report time: p95 is `10 h` ms (so each
 * report's value is its own), new users arrive 10 an hour (a count since T0), and the hourly
 * error rate has no
 * data in hours 10–12.
 */
function metricsFor(t0ByLaunch: Map<string, Date>) {
  return {
    read: async (q: MetricQuery): Promise<MetricReading> => {
      const t0 = t0ByLaunch.get(q.launchId);
      if (!t0) return noData('unknown launch');
      const h = (q.at.getTime() - t0.getTime()) / HOUR;
      switch (q.name) {
        case 'p95_response_time':
          return { value: 10 * h };
        case 'new_users':
          return { value: 10 * h };
        case 'error_rate':
          return h >= 10 && h <= 12 && q.windowMs === HOUR ? noData('source down') : { value: 0.5 };
        default:
          return noData(`${q.name} not collected here`);
      }
    },
  };
}

describe('launch reports on a simulated clock', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  const clock = new SimulatedClock(now);
  const kinds = [launchMilestoneJob as AnyJobKind, reportSendJob as AnyJobKind];
  const sender = new RecordingSender();
  const t0ByLaunch = new Map<string, Date>();

  async function newLaunch(yaml = planYaml) {
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml: yaml, actor: 'test' });
    t0ByLaunch.set(launch.id, new Date(launch.t0));
    return launch;
  }

  async function runReport(launchId: string, n: number) {
    await t.db.transaction().execute((trx) => queue.enqueue(trx, reportSendJob, { launchId, n }));
    await queue.drain();
  }

  /** How often each report job of a launch was retried by pg-boss, oldest job first. */
  async function jobRetries(launchId: string): Promise<number[]> {
    const { rows } = await sql<{ retry_count: number }>`
      SELECT retry_count FROM pgboss.job
      WHERE name = 'report.send' AND data->>'launchId' = ${launchId} ORDER BY created_on`.execute(
      t.db,
    );
    return rows.map((r) => r.retry_count);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    setReportDependencies({
      metrics: metricsFor(t0ByLaunch),
      sender,
      triggerStates: async () => [
        { triggerId: 'LAUNCH-002', state: 'pending', since: null, detail: null },
      ],
    });
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds });
    setLaunchCollaborators(scriptedLaunchCollaborators().collaborators);
    await queue.startWorkers();
  });
  afterAll(async () => {
    setReportDependencies(null);
    setLaunchCollaborators(null);
    await queue.stop();
    await t.drop();
  });

  it('schedules 72 hourly and one daily report per monitoring day from day 4, once', async () => {
    const launch = await newLaunch(
      planYaml
        .replace('# post_launch_monitoring: 7', 'post_launch_monitoring: 5')
        .replace('# success_validation_window: 7', 'success_validation_window: 5'),
    );
    const t0 = new Date(launch.t0);
    await t.db
      .transaction()
      .execute((trx) =>
        scheduleLaunchReports(trx, clock, { launchId: launch.id, t0, monitoringDays: 5 }),
      );
    expect(
      await scheduleLaunchReports(t.db, clock, { launchId: launch.id, t0, monitoringDays: 5 }),
    ).toBe(0);

    const reports = (await listScheduledWork(t.db, launch.id)).filter(
      (w) => w.job === 'report.send',
    );
    expect(reports.map((w) => new Date(w.due_at).getTime() - t0.getTime())).toEqual([
      ...Array.from({ length: 72 }, (_, i) => (i + 1) * HOUR),
      4 * DAY,
      5 * DAY,
    ]);
    expect(reports.map((w) => w.dedup_key)).toEqual(
      Array.from({ length: 74 }, (_, i) => `launch:${launch.id}:report:${i + 1}`),
    );

    await cancelLaunch({ db: t.db, clock }, launch.id, { actor: 'test', reason: 'postponed' });
    const after = (await listScheduledWork(t.db, launch.id)).filter((w) => w.job === 'report.send');
    expect(after.every((w) => w.cancelled_at !== null)).toBe(true);
  });

  it('replays 7 days: 76 reports, each sent once to chat and e-mail with its period values', async () => {
    const launch = await newLaunch();
    const t0 = new Date(launch.t0);
    await scheduleLaunchReports(t.db, clock, { launchId: launch.id, t0, monitoringDays: 7 });

    await runSchedule({ db: t.db, queue, kinds }, clock, new Date(t0.getTime() + 8 * DAY), {
      launchId: launch.id,
    });

    const chats = sender.chats.filter((c) => c.launchId === launch.id).map((c) => c.text);
    const emails = sender.emails.filter((e) => e.launchId === launch.id).map((e) => e.email);
    expect(chats).toHaveLength(76);
    expect(emails).toHaveLength(76);
    // The launch also asks its LEAD for a go (chat): only the reports count here.
    const deliveries = (await listDeliveries(t.db, launch.id)).filter((d) =>
      d.key.startsWith('report:'),
    );
    expect(deliveries).toHaveLength(152);
    expect(deliveries.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
    expect(new Set(deliveries.map((d) => d.key)).size).toBe(152);

    for (let n = 1; n <= 72; n++) {
      const chat = chats[n - 1] ?? '';
      expect(chat).toContain(`*Hourly launch report ${n}/72 ·`);
      expect(chat).toContain(`• *p95 response time*: ${(10 * n).toLocaleString('en-US')} ms`);
      expect(chat).toContain(`· since T0: ${(10 * n).toLocaleString('en-US')} (target`);
      expect(chat).toContain('*Triggers*: LAUNCH-002 pending');
      expect(emails[n - 1]?.text).toContain(
        `p95 response time: ${(10 * n).toLocaleString('en-US')} ms`,
      );
    }
    for (const n of [10, 11, 12]) {
      expect(chats[n - 1]).toContain('• *Error rate*: no data (source down) · since T0: 0.5 %');
    }
    expect(chats[12]).toContain('• *Error rate*: 0.5 %');
    expect(chats[0]).toContain('• *Uptime*: no data (uptime not collected here)');
    for (const day of [4, 5, 6, 7]) {
      const chat = chats[72 + day - 4] ?? '';
      expect(chat).toContain(`*Daily launch report, day ${day} ·`);
      expect(chat).toContain(`• *p95 response time*: ${(240 * day).toLocaleString('en-US')} ms`);
      expect(chat).toContain(`• *New users*: 240 (target`);
      expect(chat).toContain(`· since T0: ${(240 * day).toLocaleString('en-US')} (target`);
      expect(emails[72 + day - 4]?.subject).toContain(`Daily launch report, day ${day}`);
    }
  });

  it('a retried job does not resend what was sent; a failed e-mail is sent on the retry', async () => {
    const launch = await newLaunch();
    sender.failNextEmail.add(launch.id);

    await runReport(launch.id, 1);
    await runReport(launch.id, 1);

    expect(sender.chats.filter((c) => c.launchId === launch.id)).toHaveLength(1);
    expect(sender.emails.filter((e) => e.launchId === launch.id)).toHaveLength(2);
    const deliveries = await listDeliveries(t.db, launch.id);
    expect(deliveries.map((d) => [d.key, d.state, d.attempts]).sort()).toEqual([
      [`report:${launch.id}:1:chat`, 'sent', 1],
      [`report:${launch.id}:1:email`, 'sent', 2],
    ]);
    expect(await jobRetries(launch.id)).toEqual([1, 0]);
  });

  it("renders with the plan's report templates; a broken one fails its delivery with the reason", async () => {
    const launch = await newLaunch();
    const templates = [
      {
        id: 'hourly-chat',
        channel: 'chat',
        purpose: 'report_hourly',
        body: 'Report {{ report.number }} for {{ launch.venture_name }}: {{ metrics.error_rate.period }}',
      },
      {
        id: 'hourly-mail',
        channel: 'email',
        purpose: 'report_hourly',
        subject: 'Report {{ report.number }}',
        body: '<p>{{ metrics.uptime.period | shout }}</p>',
      },
    ];
    // A stored plan with report templates, as written once the plan schema has report purposes.
    await t.db
      .updateTable('launches')
      .set({ plan: sql`jsonb_set(plan, '{templates}', ${JSON.stringify(templates)}::jsonb)` })
      .where('id', '=', launch.id)
      .execute();

    await runReport(launch.id, 2);
    await runReport(launch.id, 73);

    const chats = sender.chats.filter((c) => c.launchId === launch.id).map((c) => c.text);
    expect(chats[0]).toMatch(/^Report 2 for .+: 0\.5 %$/);
    expect(chats[1]).toContain('*Daily launch report, day 4 ·');
    const emails = sender.emails.filter((e) => e.launchId === launch.id);
    expect(emails.map((e) => e.email.subject)).toEqual([
      expect.stringContaining('Daily launch report, day 4'),
    ]);
    const failed = (await listDeliveries(t.db, launch.id)).find(
      (d) => d.key === `report:${launch.id}:2:email`,
    );
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toContain(
      "report template plan template 'hourly-mail' (report_hourly, email body) failed: undefined filter: shout",
    );
    expect(await jobRetries(launch.id)).toEqual([0, 0]);
  });

  it('records a refused send as failed, sends the other channel and does not retry', async () => {
    const launch = await newLaunch();
    sender.refuseChat.add(launch.id);

    await runReport(launch.id, 4);

    const deliveries = await listDeliveries(t.db, launch.id);
    expect(deliveries.map((d) => [d.channel, d.state, d.attempts, d.error]).sort()).toEqual([
      ['chat', 'failed', 1, 'Error: slack: 403 invalid_token'],
      ['email', 'sent', 1, null],
    ]);
    expect(sender.chats.filter((c) => c.launchId === launch.id)).toHaveLength(1);
    expect(await jobRetries(launch.id)).toEqual([0]);
  });

  it('sends nothing for an aborted launch', async () => {
    const launch = await newLaunch();
    await cancelLaunch({ db: t.db, clock }, launch.id, { actor: 'test', reason: 'called off' });

    await runReport(launch.id, 3);

    expect(sender.chats.filter((c) => c.launchId === launch.id)).toEqual([]);
    expect(await listDeliveries(t.db, launch.id)).toEqual([]);
  });
});
