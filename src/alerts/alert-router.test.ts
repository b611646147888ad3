import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { listDeliveries } from '../deliveries/delivery-ledger.ts';
import { OperationalError } from '../shared/errors.ts';
import type { TriggerEvent } from '../triggers/trigger-event.ts';
import { createAlertRouter } from './alert-router.ts';
import { alertPlan, triggerEvent } from './testing/alert-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from './testing/smtp-test-server.ts';

describe('alert router (trigger-event handler)', () => {
  let t: TestDatabase;
  let slack: FakeVendor;
  let pagerDuty: FakeVendor;
  let smtp: TestSmtpServer;
  let launchId = '';
  const clock = new SimulatedClock(new Date('2026-12-01T10:05:30Z'));
  const env = {
    SLACK_URL: '',
    PD_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF',
    SMTP_PASSWORD: 'pw',
  };
  let firings = 0;

  /** A fresh firing (its own event id) of the given level. */
  const firing = (overrides: Partial<TriggerEvent> = {}): TriggerEvent => {
    firings += 1;
    const firedAt = new Date(Date.UTC(2026, 11, 1, 10, firings)).toISOString();
    return triggerEvent({
      launchId,
      firedAt,
      at: firedAt,
      id: `${launchId}:LAUNCH-001.rollback_uptime:${firedAt}:firing`,
      ...overrides,
    });
  };
  const resolveOf = (event: TriggerEvent): TriggerEvent => ({
    ...event,
    id: event.id.replace(/:firing$/, ':resolved'),
    state: 'resolved',
    at: '2026-12-01T11:30:00.000Z',
  });
  const handle = (event: TriggerEvent, secrets: Record<string, string> = env) =>
    createAlertRouter({ env: secrets }).handle(event, { db: t.db, clock });
  const deliveriesOf = async (event: TriggerEvent) =>
    (await listDeliveries(t.db, launchId))
      .filter((row) => row.key.startsWith(`${event.id}:`))
      .sort((a, b) => a.key.localeCompare(b.key));

  beforeAll(async () => {
    t = await createTestDatabase();
    slack = await startFakeVendor({ status: 200, body: 'ok' });
    pagerDuty = await startFakeVendor(
      jsonReply(202, { status: 'success', message: 'Event processed' }),
    );
    smtp = await startTestSmtpServer({ user: 'alerts', password: 'pw' });
    env.SLACK_URL = `${slack.url}/services/T1/B1/X1`;
    const plan = alertPlan([
      { id: 'slack', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } },
      {
        id: 'pagerduty',
        kind: 'paging',
        vendor: 'pagerduty',
        config: { routing_key_env: 'PD_KEY', events_url: `${pagerDuty.url}/v2/enqueue` },
      },
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'alerts',
          password_env: 'SMTP_PASSWORD',
          from: 'launchcrew@acme.example',
        },
      },
      { id: 'sendgrid', kind: 'email', vendor: 'sendgrid', config: { api_key_env: 'SG_KEY' } },
    ]);
    await t.db.insertInto('ventures').values({ id: 'acme', name: 'Acme Analytics' }).execute();
    ({ id: launchId } = await t.db
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
      .executeTakeFirstOrThrow());
  });
  afterAll(async () => {
    await Promise.all([slack.close(), pagerDuty.close(), smtp.close()]);
    await t.drop();
  });
  beforeEach(() => {
    for (const vendor of [slack, pagerDuty]) {
      vendor.received.length = 0;
      vendor.replies.length = 0;
    }
    smtp.messages.length = 0;
  });

  it('critical: pages PagerDuty and posts to chat, each through the ledger; resolve closes the same incident', async () => {
    const event = firing();
    await handle(event);
    expect(slack.received).toHaveLength(1);
    expect(pagerDuty.received).toHaveLength(1);
    expect(smtp.messages).toHaveLength(0);
    const rows = await deliveriesOf(event);
    expect(rows.map((row) => [row.key, row.channel, row.state])).toEqual([
      [`${event.id}:pagerduty:pagerduty`, 'pagerduty', 'sent'],
      [`${event.id}:slack:slack`, 'slack', 'sent'],
    ]);
    expect(JSON.stringify(rows.map((row) => row.request))).not.toContain(env.PD_KEY);

    await handle(resolveOf(event));
    const [trigger, resolve] = pagerDuty.received.map(
      (request) => JSON.parse(request.body) as { event_action: string; dedup_key: string },
    );
    expect(trigger?.event_action).toBe('trigger');
    expect(resolve?.event_action).toBe('resolve');
    expect(resolve?.dedup_key).toBe(trigger?.dedup_key);
    expect(resolve?.dedup_key).toBe(
      `launchcrew:${launchId}:LAUNCH-001.rollback_uptime:${event.firedAt}`,
    );
  });

  it('warning: chat only', async () => {
    const event = firing({ level: 'warning', severity: 'P2' });
    await handle(event);
    expect([slack.received.length, pagerDuty.received.length, smtp.messages.length]).toEqual([
      1, 0, 0,
    ]);
  });

  it('info: chat and e-mail; an e-mail connector that carries no alerts (SendGrid) is skipped', async () => {
    const event = firing({ level: 'info', severity: undefined });
    await handle(event);
    expect(slack.received).toHaveLength(1);
    expect(pagerDuty.received).toHaveLength(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['ana@acme.example', 'dev@acme.example']);
    expect((await deliveriesOf(event)).map((row) => row.channel).sort()).toEqual(['slack', 'smtp']);
  });

  it('a retried job never sends twice: sent channels are skipped, the failed one is resent', async () => {
    const event = firing();
    slack.replies.push({ status: 503 }, { status: 503 }, { status: 503 });
    await expect(handle(event)).rejects.toThrow(OperationalError);
    expect(pagerDuty.received).toHaveLength(1);
    expect(slack.received).toHaveLength(3);
    const pending = (await deliveriesOf(event)).find((row) => row.channel === 'slack');
    expect(pending).toMatchObject({ state: 'pending', error: expect.stringContaining('HTTP 503') });

    await handle(event);
    await handle(event);
    expect(pagerDuty.received).toHaveLength(1);
    expect(slack.received).toHaveLength(4);
    const rows = await deliveriesOf(event);
    expect(rows.map((row) => [row.channel, row.state, row.attempts])).toEqual([
      ['pagerduty', 'sent', 1],
      ['slack', 'sent', 2],
    ]);
  });

  it('a vendor refusal fails that delivery only, and the job does not retry', async () => {
    const event = firing();
    pagerDuty.replies.push(
      jsonReply(400, { status: 'invalid event', message: 'Event object is invalid' }),
    );
    await handle(event);
    const rows = await deliveriesOf(event);
    expect(rows.map((row) => [row.channel, row.state])).toEqual([
      ['pagerduty', 'failed'],
      ['slack', 'sent'],
    ]);
    await handle(event);
    expect(pagerDuty.received).toHaveLength(1);
  });

  it('a missing environment variable is a failed delivery naming it, with no crash', async () => {
    const event = firing();
    const { PD_KEY: _unset, ...withoutPagerDutyKey } = env;
    await handle(event, withoutPagerDutyKey);
    expect(pagerDuty.received).toHaveLength(0);
    expect(slack.received).toHaveLength(1);
    const paging = (await deliveriesOf(event)).find((row) => row.channel === 'pagerduty');
    expect(paging?.state).toBe('failed');
    expect(paging?.error).toBe(
      "MissingSecretError: connector 'pagerduty': environment variable PD_KEY (named by routing_key_env) is not set",
    );
  });

  it('an event of an unknown launch is ignored', async () => {
    await handle(firing({ launchId: '00000000-0000-4000-8000-000000000000' }));
    expect(slack.received).toHaveLength(0);
  });
});
