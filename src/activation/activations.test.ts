import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { type Clock, SimulatedClock } from '../clock/clock.ts';
import { loadBanner } from '../comms/banner.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { runSchedule } from '../jobs/due-work-controller.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { metricsDb } from '../metrics/samples/tables.ts';
import type { DbExecutor } from '../store/database.ts';
import { createActivationCheckJob, loadActivationCheck } from './activation-check.ts';
import {
  cancelActivations,
  createActivationControlJob,
  pauseActivations,
  resumeActivations,
} from './activation-control.ts';
import { armActivations, postponedPrefix, scheduleActivations } from './activation-schedule.ts';
import { createActivationSendJob } from './activation-send-job.ts';
import { activationsDb, listActivations } from './activation-store.ts';
import { activationEnv, activationPlanYaml } from './testing/activation-fixtures.ts';

const T0 = new Date('2026-02-03T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const mailPath = '/v3/mail/send';
const campaignPath = '/v25.0/120330000012723217';

describe('MarketingOrchestrator: activations at their offset, exactly once (real PostgreSQL, vendors at the wire)', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let sendgrid: FakeVendor;
  let meta: FakeVendor;
  let slack: FakeVendor;
  let kinds: AnyJobKind[];
  let sim = new SimulatedClock(at(-60));
  const clock: Clock = { now: () => sim.now() };

  /** A launch of the fixture plan; `betaMembers` replaces the two addresses of audience beta. */
  async function newLaunch(betaMembers?: string[]): Promise<string> {
    const fixture = activationPlanYaml({ sendgridUrl: sendgrid.url, metaUrl: meta.url });
    const planYaml = betaMembers
      ? fixture.replace('[eve@users.example, fay@users.example]', `[${betaMembers.join(', ')}]`)
      : fixture;
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' });
    // only the marketing schedule runs here: the launch's milestones and reports belong elsewhere
    await t.db.deleteFrom('scheduled_work').where('launch_id', '=', launch.id).execute();
    await inTransaction(scheduleActivations, launch.id);
    return launch.id;
  }
  /** Runs `apply` (a schedule, arm, pause, resume or cancel) in a transaction of its own. */
  const inTransaction = <A, R>(
    apply: (trx: DbExecutor, clock: Clock, arg: A) => Promise<R>,
    arg: A,
  ): Promise<R> => t.db.transaction().execute((trx) => apply(trx, clock, arg));
  const setLive = (launchId: string, liveAt: Date) =>
    t.db.updateTable('launches').set({ live_at: liveAt }).where('id', '=', launchId).execute();
  const run = (launchId: string, until: Date) =>
    runSchedule({ db: t.db, queue, kinds }, sim, until, { launchId });
  const states = async (launchId: string) =>
    Object.fromEntries((await listActivations(t.db, launchId)).map((a) => [a.id, a.state]));
  const mails = () => sendgrid.received.filter((r) => r.path === mailPath);
  const mailTo = (launchId: string, activationId: string) =>
    mails().filter(
      (r) =>
        JSON.parse(r.body).custom_args.launchcrew_key === `activation:${launchId}:${activationId}`,
    );
  const deliveries = (launchId: string) =>
    t.db
      .selectFrom('deliveries')
      .select(['key', 'state', 'sent_at', 'attempts'])
      .where('launch_id', '=', launchId)
      .orderBy('key')
      .execute();

  beforeAll(async () => {
    t = await createTestDatabase();
    sendgrid = await startFakeVendor();
    meta = await startFakeVendor(jsonReply(200, { success: true }));
    slack = await startFakeVendor({ status: 200, body: 'ok' });
    const env = activationEnv(`${slack.url}/hook`);
    kinds = [
      createActivationSendJob({ env }),
      createActivationControlJob({ env }),
      createActivationCheckJob({ env }),
    ] as AnyJobKind[];
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds });
    await queue.startWorkers();
  });
  afterAll(async () => {
    await queue.stop();
    await Promise.all([sendgrid.close(), meta.close(), slack.close()]);
    await t.drop();
  });
  beforeEach(() => {
    sim = new SimulatedClock(at(-60));
    sendgrid.fallback = { status: 202, headers: { 'x-message-id': 'sg-msg' } };
    for (const vendor of [sendgrid, meta, slack]) {
      vendor.received.length = 0;
      vendor.replies.length = 0;
    }
  });

  it('sends each activation once at its offset after go-live, links UTM-tagged; manual ones stay tasks', async () => {
    const launchId = await newLaunch();
    expect(await inTransaction(scheduleActivations, launchId)).toBe(0);
    await setLive(launchId, at(-5));
    await run(launchId, at(90));

    expect(mailTo(launchId, 'email_t0')).toHaveLength(1);
    expect(mailTo(launchId, 'email_t30')).toHaveLength(1);
    const [mail] = mailTo(launchId, 'email_t0');
    expect(mail?.headers.authorization).toBe('Bearer SG.test-key');
    const body = JSON.parse(mail?.body ?? '');
    expect(body.personalizations).toEqual([
      { to: [{ email: 'eve@users.example' }] },
      { to: [{ email: 'fay@users.example' }] },
    ]);
    expect(body.subject).toBe('Acme Notes is live');
    expect(body.send_at).toBeUndefined();
    expect(body.content).toEqual([
      {
        type: 'text/plain',
        value:
          'Try it: https://notes.example.com?ref=mail&utm_source=sendgrid&utm_medium=email&utm_campaign=acme-notes-launch&utm_content=email_t0' +
          ' - docs https://notes.example.com/docs?utm_source=docs&utm_medium=email&utm_campaign=acme-notes-launch&utm_content=email_t0#start.',
      },
    ]);
    expect(meta.received).toHaveLength(1);
    expect(meta.received[0]?.path).toBe(campaignPath);
    expect(Object.fromEntries(new URLSearchParams(meta.received[0]?.body))).toEqual({
      status: 'ACTIVE',
      access_token: 'meta-token',
    });

    const sent = Object.fromEntries(
      (await deliveries(launchId)).map((d) => [d.key.split(':')[2], d]),
    );
    expect(sent.email_t0).toMatchObject({ state: 'sent', sent_at: T0, attempts: 1 });
    expect(sent.email_t30).toMatchObject({ state: 'sent', sent_at: at(30) });
    expect(sent.ads_t0).toMatchObject({ state: 'sent', sent_at: T0 });
    expect(sent.press_t1h).toBeUndefined();
    expect(await states(launchId)).toEqual({
      email_t0: 'sent',
      ads_t0: 'sent',
      banner_t0: 'sent',
      email_t30: 'sent',
      press_t1h: 'scheduled',
    });
    const views = await listActivations(t.db, launchId);
    expect(views.find((a) => a.id === 'press_t1h')).toMatchObject({
      manual: true,
      connector: null,
    });
    expect(views.find((a) => a.id === 'ads_t0')?.handle).toEqual({
      vendor: 'meta-ads',
      id: '120330000012723217',
    });
    expect(await loadBanner(t.db, 'acme-notes')).toMatchObject({
      active: true,
      level: 'info',
      message: expect.stringContaining('Acme Notes just launched: https://notes.example.com?utm_'),
    });
    const tasks = await t.db
      .selectFrom('automation_tasks' as never)
      .select(['task', 'subject', 'mode'] as never[])
      .where('launch_id' as never, '=', launchId as never)
      .orderBy('subject' as never)
      .execute();
    expect(tasks).toContainEqual({ task: 'activation', subject: 'email_t0', mode: 'automatic' });

    // the T+15 check ran: both mails went out, but SendGrid reported no opens yet
    expect(await loadActivationCheck(t.db, launchId)).toMatchObject({
      status: 'warn',
      reasons: ['no opens recorded'],
    });
  });

  it('waits for the product to go live, then sends within a minute', async () => {
    const launchId = await newLaunch();
    await run(launchId, at(10));
    expect(mails()).toHaveLength(0);
    expect(meta.received).toHaveLength(0);
    expect((await states(launchId)).email_t0).toBe('scheduled');

    await setLive(launchId, at(10));
    await run(launchId, at(12));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(1);
    expect(meta.received).toHaveLength(1);
    const t0Mail = (await deliveries(launchId)).find((d) => d.key.endsWith(':email_t0'));
    expect(t0Mail?.sent_at).toEqual(at(11));
  });

  it('gives up two hours past the due time when the product never goes live', async () => {
    const launchId = await newLaunch();
    await run(launchId, at(125));
    expect(mails()).toHaveLength(0);
    const t0 = (await listActivations(t.db, launchId)).find((a) => a.id === 'email_t0');
    expect(t0).toMatchObject({ state: 'failed', error: 'product never went live' });
    expect((await states(launchId)).email_t30).toBe('scheduled');
  });

  it('holds everything paused before the due time and sends what is past due on resume', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    await run(launchId, at(-2));
    const paused = await inTransaction(pauseActivations, {
      launchId,
      actor: 'token:mia',
      reason: 'P0 incident',
    });
    expect(paused.activations).toEqual(['ads_t0', 'banner_t0', 'email_t0', 'email_t30']);
    await run(launchId, at(10));
    expect(mails()).toHaveLength(0);
    expect(meta.received).toHaveLength(0);
    expect((await states(launchId)).email_t0).toBe('paused');

    await inTransaction(resumeActivations, { launchId, actor: 'token:mia', reason: 'resolved' });
    await run(launchId, at(11));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(1);
    expect(meta.received).toHaveLength(1);
    expect(mailTo(launchId, 'email_t30')).toHaveLength(0);
    expect((await states(launchId)).email_t30).toBe('scheduled');
    await run(launchId, at(31));
    expect(mailTo(launchId, 'email_t30')).toHaveLength(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('launch_id', '=', launchId)
      .where('action', 'like', 'activations.%')
      .orderBy('id')
      .execute();
    expect(audit.slice(0, 2)).toEqual([
      { action: 'activations.pause', actor: 'token:mia' },
      { action: 'activations.resume', actor: 'token:mia' },
    ]);
  });

  it('pauses running ads at the vendor and resumes them', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    await run(launchId, at(1));
    expect(meta.received).toHaveLength(1);
    const result = await inTransaction(pauseActivations, {
      launchId,
      actor: 'token:ana',
      reason: 'error spike',
    });
    expect(result).toEqual({ activations: ['ads_t0', 'email_t30'], vendorCalls: 1 });
    await run(launchId, at(2));
    expect(meta.received).toHaveLength(2);
    expect(meta.received[1]?.path).toBe(campaignPath);
    expect(new URLSearchParams(meta.received[1]?.body).get('status')).toBe('PAUSED');
    expect((await states(launchId)).ads_t0).toBe('paused');

    await inTransaction(resumeActivations, { launchId, actor: 'token:ana', reason: 'fixed' });
    await run(launchId, at(3));
    expect(new URLSearchParams(meta.received[2]?.body).get('status')).toBe('ACTIVE');
    expect((await states(launchId)).ads_t0).toBe('sent');
    const controls = (await deliveries(launchId)).filter((d) => d.key.includes(':ads_t0:'));
    expect(controls.map((d) => [d.key.split(':').slice(3).join(':'), d.state])).toEqual([
      ['pause:1', 'sent'],
      ['resume:2', 'sent'],
    ]);
  });

  it('never sends an activation cancelled before T0; cancelling a sent one is a 409 naming it', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    await inTransaction(cancelActivations, {
      launchId,
      activationId: 'email_t0',
      actor: 'token:mia',
      reason: 'typo in subject',
    });
    await run(launchId, at(5));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(0);
    expect(meta.received).toHaveLength(1);
    expect((await states(launchId)).email_t0).toBe('cancelled');

    const late = inTransaction(cancelActivations, {
      launchId,
      activationId: 'ads_t0',
      actor: 'token:mia',
      reason: 'too late',
    });
    await expect(late).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("activation 'ads_t0' was already sent"),
    });
  });

  it("a postponement cancels what has not gone out; the next go schedules it at the new T0, a person's cancel stays", async () => {
    const launchId = await newLaunch();
    await inTransaction(cancelActivations, {
      launchId,
      activationId: 'ads_t0',
      actor: 'token:mia',
      reason: 'no ads this time',
    });
    await inTransaction(cancelActivations, {
      launchId,
      actor: 'token:ana',
      reason: `${postponedPrefix}rain`,
    });
    expect(new Set(Object.values(await states(launchId)))).toEqual(new Set(['cancelled']));
    const newT0 = new Date(at(0).getTime() + 86_400_000);
    await t.db.updateTable('launches').set({ t0: newT0 }).where('id', '=', launchId).execute();
    await inTransaction(scheduleActivations, launchId);
    const after = await listActivations(t.db, launchId);
    expect(after.find((a) => a.id === 'ads_t0')?.state).toBe('cancelled');
    const email = after.find((a) => a.id === 'email_t0');
    expect(email?.state).toBe('scheduled');
    expect(email?.dueAt).toBe(newT0.toISOString());
    await setLive(launchId, newT0);
    await run(launchId, at(5));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(0);
    await run(launchId, new Date(newT0.getTime() + 5 * 60_000));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(1);
  });

  async function armAtGoLive(launchId: string) {
    // both e-mails are armed at once: every answer carries a batch id, whichever call it meets
    sendgrid.fallback = jsonReply(201, { batch_id: 'batch-1' }, { 'x-message-id': 'sg-msg' });
    await setLive(launchId, at(-60));
    await inTransaction(armActivations, launchId);
    await run(launchId, at(-59));
    const [mail] = mailTo(launchId, 'email_t0');
    return JSON.parse(mail?.body ?? '{}') as { batch_id?: string; send_at?: number };
  }

  it('arms the e-mails at SendGrid on go-live and cancels a scheduled send there', async () => {
    const launchId = await newLaunch();
    const body = await armAtGoLive(launchId);
    expect(sendgrid.received.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /v3/mail/batch',
      'POST /v3/mail/batch',
      `POST ${mailPath}`,
      `POST ${mailPath}`,
    ]);
    expect(body.send_at).toBe(T0.getTime() / 1000);
    expect(JSON.parse(mailTo(launchId, 'email_t30')[0]?.body ?? '{}').send_at).toBe(
      at(30).getTime() / 1000,
    );
    const armed = (await listActivations(t.db, launchId)).find((a) => a.id === 'email_t0');
    expect(armed).toMatchObject({
      state: 'armed',
      handle: { vendor: 'sendgrid', id: body.batch_id },
    });
    // meta-ads cannot hold a send: it waits for its minute
    expect(meta.received).toHaveLength(0);

    await inTransaction(cancelActivations, {
      launchId,
      activationId: 'email_t0',
      actor: 'token:mia',
      reason: 'wrong list',
    });
    await run(launchId, at(1));
    const cancel = sendgrid.received.at(-1);
    expect(`${cancel?.method} ${cancel?.path}`).toBe('POST /v3/user/scheduled_sends');
    expect(cancel?.headers.authorization).toBe('Bearer SG.test-key');
    expect(JSON.parse(cancel?.body ?? '')).toEqual({ batch_id: body.batch_id, status: 'cancel' });
    expect(mails()).toHaveLength(2);
    expect(meta.received).toHaveLength(1);
    expect((await states(launchId)).email_t0).toBe('cancelled');
  });

  it('pauses an armed send at SendGrid (POST), then cancels it (PATCH, the batch has a status)', async () => {
    const launchId = await newLaunch();
    const body = await armAtGoLive(launchId);
    await inTransaction(pauseActivations, { launchId, actor: 'token:mia', reason: 'P0 incident' });
    await run(launchId, at(-58));
    await inTransaction(cancelActivations, {
      launchId,
      activationId: 'email_t0',
      actor: 'token:mia',
      reason: 'wrong list',
    });
    await run(launchId, at(-57));
    const controls = sendgrid.received.filter((r) => r.path.startsWith('/v3/user/scheduled_sends'));
    expect(controls.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      `POST /v3/user/scheduled_sends {"batch_id":"${body.batch_id}","status":"pause"}`,
      `POST /v3/user/scheduled_sends {"batch_id":"${body.batch_id}","status":"pause"}`,
      `PATCH /v3/user/scheduled_sends/${body.batch_id} {"status":"cancel"}`,
    ]);
    const views = await listActivations(t.db, launchId);
    expect(views.find((a) => a.id === 'email_t0')?.state).toBe('cancelled');
    const stored = await activationsDb(t.db)
      .selectFrom('activations')
      .select('handle')
      .where('launch_id', '=', launchId)
      .where('activation_id', '=', 'email_t0')
      .executeTakeFirstOrThrow();
    expect(stored.handle).toEqual({ vendor: 'sendgrid', id: body.batch_id, status: 'cancel' });
  });

  it('sends 2,500 recipients as three parts in one batch; a retry never resends an accepted part', async () => {
    const members = Array.from({ length: 2500 }, (_, i) => `p${i}@users.example`);
    const launchId = await newLaunch(members);
    await setLive(launchId, at(-5));
    sim.set(T0);
    // the batch, part 1 accepted, part 2 failing on every try (so the job fails), then 202s
    sendgrid.replies.push(
      jsonReply(201, { batch_id: 'batch-big' }),
      { status: 202, headers: { 'x-message-id': 'part-1' } },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    );
    const [sendJob] = kinds;
    const context = { db: t.db, clock: sim, jobs: queue, jobId: 'parts', attempt: 0 };
    const data = { launchId, activationId: 'email_t0' };
    await expect(sendJob?.run(data, context)).rejects.toMatchObject({ retryable: true });
    expect((await states(launchId)).email_t0).toBe('scheduled');
    await sendJob?.run(data, { ...context, attempt: 1 });

    expect(sendgrid.received.filter((r) => r.path === '/v3/mail/batch')).toHaveLength(1);
    const sends = mails().map((r) => JSON.parse(r.body));
    const addresses = (body: { personalizations: Array<{ to: Array<{ email: string }> }> }) =>
      body.personalizations.map((p) => p.to[0]?.email);
    // requests 2–4 are part 2 answered 500 (not accepted); 1, 5 and 6 were accepted
    const accepted = [sends[0], sends[4], sends[5]].flatMap(addresses);
    expect(sends).toHaveLength(6);
    expect(accepted.sort()).toEqual([...members].sort());
    expect(sends.slice(1).flatMap(addresses)).not.toContain('p0@users.example');
    expect(sends.map((body) => body.batch_id)).toEqual(Array(6).fill('batch-big'));
    expect(sends.map((body) => body.custom_args.launchcrew_key)).toEqual([
      `activation:${launchId}:email_t0:part:1`,
      ...Array(4).fill(`activation:${launchId}:email_t0:part:2`),
      `activation:${launchId}:email_t0:part:3`,
    ]);
    const rows = (await deliveries(launchId)).filter((d) => d.key.includes(':email_t0:'));
    expect(rows.map((d) => [d.key.split(':').slice(3).join(':'), d.state, d.attempts])).toEqual([
      ['batch', 'sent', 1],
      ['part:1', 'sent', 1],
      ['part:2', 'sent', 2],
      ['part:3', 'sent', 1],
    ]);
    const views = await listActivations(t.db, launchId);
    expect(views.find((a) => a.id === 'email_t0')).toMatchObject({
      state: 'sent',
      handle: { vendor: 'sendgrid', id: 'batch-big' },
    });
  });

  it('marks an armed send sent at its due time without calling the vendor again', async () => {
    const launchId = await newLaunch();
    await armAtGoLive(launchId);
    await run(launchId, at(31));
    expect(mails()).toHaveLength(2);
    const views = await listActivations(t.db, launchId);
    expect(views.find((a) => a.id === 'email_t0')).toMatchObject({
      state: 'sent',
      sentAt: T0.toISOString(),
    });
    expect(views.find((a) => a.id === 'email_t30')).toMatchObject({
      state: 'sent',
      sentAt: at(30).toISOString(),
    });
  });

  it('sends once when two send jobs run at the same time', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    sim.set(T0);
    const [sendJob] = kinds;
    const context = { db: t.db, clock: sim, jobs: queue, jobId: 'crash-test', attempt: 0 };
    const data = { launchId, activationId: 'email_t0' };
    await Promise.allSettled([sendJob?.run(data, context), sendJob?.run(data, context)]);
    await Promise.allSettled([sendJob?.run(data, context)]);
    expect(mailTo(launchId, 'email_t0')).toHaveLength(1);
    expect((await states(launchId)).email_t0).toBe('sent');
  });

  it('retries a SendGrid 500 and records one delivery', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    sendgrid.replies.push({ status: 500, body: 'oops' });
    await run(launchId, at(1));
    expect(mailTo(launchId, 'email_t0')).toHaveLength(2);
    const rows = (await deliveries(launchId)).filter((d) => d.key.endsWith(':email_t0'));
    expect(rows).toEqual([expect.objectContaining({ state: 'sent', attempts: 1 })]);
    expect((await states(launchId)).email_t0).toBe('sent');
  });

  it('warns in chat at T+15 when the bounce rate is high', async () => {
    const launchId = await newLaunch();
    await setLive(launchId, at(-5));
    const events = Array.from({ length: 100 }, (_, i) => [
      { event: 'processed', id: `p${i}` },
      ...(i < 7 ? [{ event: 'bounce', id: `b${i}` }] : [{ event: 'delivered', id: `d${i}` }]),
      ...(i < 30 ? [{ event: 'open', id: `o${i}` }] : []),
    ]).flatMap((list, i) =>
      list.map((e) => ({
        launch_id: launchId,
        sg_event_id: e.id,
        sg_message_id: `m${i}`,
        event: e.event,
        email: `u${i}@users.example`,
        ts: at(2),
      })),
    );
    await metricsDb(t.db).insertInto('email_events').values(events).execute();
    await run(launchId, at(16));
    const check = await loadActivationCheck(t.db, launchId);
    expect(check).toMatchObject({ status: 'warn', reasons: ['bounce rate 7 % > 5 %'] });
    expect(check?.figures.email_bounce_rate).toBe(7);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.path).toBe('/hook');
    expect(slack.received[0]?.body).toContain('bounce rate 7 % > 5 %');
    await run(launchId, at(20));
    expect(slack.received).toHaveLength(1);
  });
});
