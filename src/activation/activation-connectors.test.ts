import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  mailBody,
  mailHeader,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../alerts/testing/smtp-test-server.ts';
import { type FakeVendor, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import { activationConnectorManifests, openActivationConnector } from './activation-connectors.ts';
import { activationMessage } from './connectors/activation-message-fixture.ts';

describe('Activation connector registry', () => {
  let smtp: TestSmtpServer;
  let slack: FakeVendor;
  const now = new Date('2026-03-04T10:00:00Z');
  const message = activationMessage({
    key: 'launch-1:launch-email:1',
    subject: 'Acme is live',
    text: 'Hello, we are live. 🚀',
    recipients: ['ana@example.com', 'bo@example.com'],
    sendAt: now,
    now,
  });
  const plan = (): Pick<LaunchPlan, 'connectors'> => ({
    connectors: [
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'launch',
          password_env: 'SMTP_PASSWORD',
          from: 'launch@acme.example',
          timeout_seconds: 5,
        },
      },
      { id: 'team-chat', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } },
      { id: 'pager', kind: 'paging', vendor: 'pagerduty', config: { routing_key_env: 'PD_KEY' } },
      { id: 'fax', kind: 'email', vendor: 'faxmail' },
    ],
  });
  const env = () => ({
    SMTP_PASSWORD: 'pw-1',
    SLACK_URL: `${slack.url}/services/T1/B1/x`,
    PD_KEY: 'k',
  });

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ user: 'launch', password: 'pw-1' });
    slack = await startFakeVendor({ status: 200, body: 'ok' });
  });
  afterAll(async () => {
    await smtp.close();
    await slack.close();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    slack.received.length = 0;
  });

  it('finds the vendor folders', async () => {
    const vendors = (await activationConnectorManifests()).map((manifest) => manifest.vendor);
    expect(vendors).toEqual(expect.arrayContaining(['mailchimp', 'sendgrid']));
  });

  it('an smtp connector delivers the activation through the real SMTP server, at once', async () => {
    const connector = await openActivationConnector(plan(), 'mail', env());
    expect(connector.canSchedule).toBe(false);
    expect(connector.maxScheduleAheadMs).toBe(0);
    expect(connector.control).toBeUndefined();
    const result = await connector.prepare(message).send();
    expect(result).toMatchObject({ accepted: ['ana@example.com', 'bo@example.com'], rejected: [] });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.from).toBe('launch@acme.example');
    expect(mail?.to).toEqual(['ana@example.com', 'bo@example.com']);
    expect(mailHeader(mail?.raw ?? '', 'Subject')).toBe('Acme is live');
    expect(mailBody(mail?.raw ?? '')).toBe('Hello, we are live. 🚀\n');
  });

  it('an smtp connector sends the seed-inbox test to the seeds only', async () => {
    const connector = await openActivationConnector(plan(), 'mail', env());
    await connector.prepareTest?.(message, ['seed@acme.example']).send();
    expect(smtp.messages.map((mail) => mail.to)).toEqual([['seed@acme.example']]);
    expect(mailHeader(smtp.messages[0]?.raw ?? '', 'Subject')).toBe('[test] Acme is live');
  });

  it('a slack connector posts the text', async () => {
    const connector = await openActivationConnector(plan(), 'team-chat', env());
    expect(connector.prepareTest).toBeUndefined();
    expect(await connector.prepare(message).send()).toEqual({ http_status: 200, body: 'ok' });
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.path).toBe('/services/T1/B1/x');
    expect(JSON.parse(slack.received[0]?.body ?? '')).toEqual({ text: 'Hello, we are live. 🚀' });
  });

  it('refuses unknown connector ids, paging-only channels and unknown vendors clearly', async () => {
    const failure = openActivationConnector(plan(), 'newsletter', env());
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(
      "connector 'newsletter' is not in the plan (connectors[].id: mail, team-chat, pager, fax)",
    );
    await expect(openActivationConnector(plan(), 'pager', env())).rejects.toThrow(
      "connector 'pager' (pagerduty) cannot carry activations: it sends alerts only",
    );
    const unknownVendor = openActivationConnector(plan(), 'fax', env());
    await expect(unknownVendor).rejects.toThrow(
      "connector 'fax': vendor 'faxmail' cannot send activations (known vendors: ",
    );
    for (const vendor of ['mailchimp', 'sendgrid', 'slack', 'smtp', 'webhook']) {
      await expect(unknownVendor).rejects.toThrow(new RegExp(`[(, ]${vendor}[,)]`));
    }
  });
});
