import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import {
  mailBody,
  mailHeader,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../alerts/testing/smtp-test-server.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { announceLaunchSuccess, createLaunchSuccessJob } from './launch-success.ts';
import { commsEnv, commsPlanYaml } from './testing/comms-fixtures.ts';

describe('launch success announcements (Slack at the wire, real SMTP)', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let smtp: TestSmtpServer;
  let slack: FakeVendor;
  const clock = new SimulatedClock(new Date('2026-02-10T10:00:00Z'));

  beforeAll(async () => {
    t = await createTestDatabase();
    smtp = await startTestSmtpServer({ user: 'comms', password: 'pw-comms' });
    slack = await startFakeVendor({ status: 200, body: 'ok' });
    const job = createLaunchSuccessJob({ env: commsEnv(`${slack.url}/services/T1/B1/x`) });
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds: [job as AnyJobKind] });
    await queue.startWorkers();
  });
  afterAll(async () => {
    await queue.stop();
    await slack.close();
    await smtp.close();
    await t.drop();
  });

  it('tells the team, investors and early adopters once, from plan or built-in templates', async () => {
    const planYaml = commsPlanYaml({ smtpPort: smtp.port, statuspageUrl: 'http://127.0.0.1:9' });
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' });
    for (let i = 0; i < 2; i += 1) {
      await t.db
        .transaction()
        .execute((trx) =>
          announceLaunchSuccess(trx, { clock, jobs: queue }, { launchId: launch.id }),
        );
      await queue.drain();
    }

    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.path).toBe('/services/T1/B1/x');
    expect(JSON.parse(slack.received[0]?.body ?? '')).toEqual({
      text: '*Acme Notes launch succeeded* :tada:\nValidated 2026-02-10T10:00:00.000Z (T0 2026-02-03T09:00:00.000Z). Exit gates passed; handing off to Stage 32. Thank you, team!',
    });
    expect(smtp.messages).toHaveLength(2);
    const investor = smtp.messages.find((m) => m.to.includes('ana@example.com'));
    expect(mailHeader(investor?.raw ?? '', 'Subject')).toBe('Acme Notes hit its launch targets');
    expect(mailBody(investor?.raw ?? '')).toContain('Validated 2026-02-10T10:00:00.000Z.');
    const thanks = smtp.messages.find((m) => m.to.includes('eve@users.example'));
    expect(thanks?.to).toEqual(['eve@users.example', 'fay@users.example']);
    expect(mailHeader(thanks?.raw ?? '', 'Subject')).toBe('Thank you from Acme Notes');

    const keys = await t.db
      .selectFrom('deliveries')
      .select(['key', 'state'])
      .where('launch_id', '=', launch.id)
      .orderBy('key')
      .execute();
    expect(keys).toEqual([
      { key: `comms:${launch.id}:success:early_adopters:email`, state: 'sent' },
      { key: `comms:${launch.id}:success:internal:chat`, state: 'sent' },
      { key: `comms:${launch.id}:success:investors:email`, state: 'sent' },
    ]);
  });
});
