import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivationCheckJob } from '../../src/activation/activation-check.ts';
import {
  createActivationControlJob,
  pauseActivations,
} from '../../src/activation/activation-control.ts';
import { createActivationSendJob } from '../../src/activation/activation-send-job.ts';
import { listActivations } from '../../src/activation/activation-store.ts';
import { type Clock, SimulatedClock } from '../../src/clock/clock.ts';
import { loadBanner } from '../../src/comms/banner.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../src/connectors/testing/fake-vendor.ts';
import { runSchedule } from '../../src/jobs/due-work-controller.ts';
import type { AnyJobKind } from '../../src/jobs/job-kind.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { setLaunchCollaborators } from '../../src/launch/launch-collaborators.ts';
import { scriptedLaunchCollaborators } from '../../src/launch/testing/scripted-collaborators.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { createLaunchWithGo, declareLive } from './scale-launch.ts';
import { scaleEnv, scaleT0, ventureAudience, venturePath, venturePlanYaml } from './scale-plans.ts';

const launches = 100;
const paused = 7;
const at = (minutes: number) => new Date(scaleT0.getTime() + minutes * 60_000);

describe(`${launches} launches of ${launches} ventures at once on one node`, () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let sendgrid: FakeVendor;
  let kinds: AnyJobKind[];
  const sim = new SimulatedClock(at(-120));
  const clock: Clock = { now: () => sim.now() };

  beforeAll(async () => {
    t = await createTestDatabase();
    // every answer carries a batch id, whichever call it meets (batch, mail send, scheduled send)
    sendgrid = await startFakeVendor(
      jsonReply(201, { batch_id: 'batch-1' }, { 'x-message-id': 'sg-msg' }),
    );
    setLaunchCollaborators(scriptedLaunchCollaborators(scaleEnv).collaborators);
    kinds = [
      createActivationSendJob({ env: scaleEnv }),
      createActivationControlJob({ env: scaleEnv }),
      createActivationCheckJob({ env: scaleEnv }),
    ] as AnyJobKind[];
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds });
    await queue.startWorkers();
  });
  afterAll(async () => {
    setLaunchCollaborators(null);
    await queue.stop();
    await sendgrid.close();
    await t.drop();
  });

  /** The mails venture `n`'s path received, by ledger key. */
  const mailsOf = (n: number) =>
    sendgrid.received
      .filter((r) => r.path === `${venturePath(n)}/v3/mail/send`)
      .map((r) => JSON.parse(r.body));
  it('sends each launch exactly its own activations, once, and a pause stays in its launch', {
    timeout: 90_000,
  }, async () => {
    const ids = await Promise.all(
      Array.from({ length: launches }, (_, n) =>
        createLaunchWithGo(t.db, clock, venturePlanYaml(n, sendgrid.url)),
      ),
    );
    const goes = await t.db
      .selectFrom('launches')
      .select(['go_decided_at', 'state'])
      .where('id', 'in', ids)
      .execute();
    expect(goes).toEqual(ids.map(() => ({ go_decided_at: at(-120), state: 'preparing' })));
    sim.set(at(-1));
    await Promise.all(ids.map((launchId) => declareLive(t.db, clock, launchId)));
    await runSchedule({ db: t.db, queue, kinds }, sim, at(20));

    for (const [n, launchId] of ids.entries()) {
      const mails = mailsOf(n).sort((a, b) =>
        a.custom_args.launchcrew_key.localeCompare(b.custom_args.launchcrew_key),
      );
      expect(mails.map((m) => [m.custom_args.launchcrew_key, m.send_at])).toEqual([
        [`activation:${launchId}:email_t0`, undefined],
        [`activation:${launchId}:email_t30`, at(30).getTime() / 1000],
      ]);
      expect(mails[0].subject).toBe(`Venture ${n} is live`);
      expect(mails[0].personalizations).toEqual(
        ventureAudience(n).map((email) => ({ to: [{ email }] })),
      );
      expect((await loadBanner(t.db, `venture-${n}`))?.message).toBe(`Venture ${n} just launched`);
    }

    const pausedId = ids[paused] ?? '';
    const pause = await t.db
      .transaction()
      .execute((trx) =>
        pauseActivations(trx, clock, { launchId: pausedId, actor: 'token:mia', reason: 'P1' }),
      );
    expect(pause).toEqual({ activations: ['email_t30'], vendorCalls: 1 });
    await runSchedule({ db: t.db, queue, kinds }, sim, at(60));

    const keys = sendgrid.received
      .filter((r) => r.path.endsWith('/v3/mail/send'))
      .map((r) => JSON.parse(r.body).custom_args.launchcrew_key);
    expect(keys).toHaveLength(2 * launches);
    expect(new Set(keys).size).toBe(keys.length);
    // the pause reached the vendor for launch #7's armed send only
    expect(
      sendgrid.received
        .filter((r) => r.path.endsWith('/v3/user/scheduled_sends'))
        .map((r) => [r.path, JSON.parse(r.body)]),
    ).toEqual([
      [`${venturePath(paused)}/v3/user/scheduled_sends`, { batch_id: 'batch-1', status: 'pause' }],
    ]);
    for (const [n, launchId] of ids.entries()) {
      // the T+15 deliverability check of each launch went to its own team chat
      const chat = sendgrid.received.filter((r) => r.path === `${venturePath(n)}/chat`);
      expect(chat.map((r) => r.headers['x-launchcrew-event-id'])).toEqual([
        `activation-check:${launchId}`,
      ]);
      const states = Object.fromEntries(
        (await listActivations(t.db, launchId)).map((a) => [a.id, a.state]),
      );
      expect(states).toEqual({
        email_t0: 'sent',
        banner_t0: 'sent',
        email_t30: n === paused ? 'paused' : 'sent',
      });
    }
    const ledger = await t.db
      .selectFrom('deliveries')
      .select(({ fn }) => ['state', fn.countAll<string>().as('n')])
      .groupBy('state')
      .execute();
    expect(ledger).toEqual([{ state: 'sent', n: String(4 * launches + 1) }]);
    expect(await queue.failedJobs()).toEqual([]);
  });
});
