import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import { alertNotice, launchId, triggerEvent } from '../../testing/alert-fixtures.ts';
import {
  mailBody,
  mailHeader,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../testing/smtp-test-server.ts';
import { manifest } from './manifest.ts';

describe('E-mail alerts over SMTP (real local SMTP server)', () => {
  let smtp: TestSmtpServer;
  const env = { SMTP_ALERTS_PASSWORD: 'pw-123' };
  const channel = (config: Record<string, unknown> = {}, secrets: Record<string, string> = env) =>
    manifest.open(
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'alerts',
          password_env: 'SMTP_ALERTS_PASSWORD',
          from: 'launchcrew@acme.example',
          timeout_seconds: 5,
          ...config,
        },
      },
      secrets,
    );

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ user: 'alerts', password: 'pw-123' });
  });
  afterAll(() => smtp.close());
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  it('delivers to the people of the trigger, with the alert as subject and body', async () => {
    const notice = alertNotice(triggerEvent({ level: 'info', severity: undefined }));
    const result = await channel().prepare(notice).send();
    expect(result).toMatchObject({
      accepted: ['ana@acme.example', 'dev@acme.example'],
      rejected: [],
    });
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message?.from).toBe('launchcrew@acme.example');
    expect(message?.to).toEqual(['ana@acme.example', 'dev@acme.example']);
    expect(mailHeader(message?.raw ?? '', 'Subject')).toBe(
      '🔵 FIRING LAUNCH-001 Launch issues (info) — Acme Analytics',
    );
    expect(mailHeader(message?.raw ?? '', 'To')).toBe('ana@acme.example, dev@acme.example');
    expect(mailBody(message?.raw ?? '')).toBe(
      [
        'uptime 87.2 % < 90 % for 5m0s',
        '',
        `Launch: Acme Analytics (${launchId})`,
        'Trigger: LAUNCH-001, rule LAUNCH-001.rollback_uptime',
        'Level: info',
        'Value: 87.2',
        'Fired at: 2026-12-01T10:05:00.000Z (fire #1)',
        '',
        '— LaunchCrew',
        '',
      ].join('\n'),
    );
  });

  it('sends to the fixed recipients of the connector when it names them', async () => {
    await channel({ to: ['oncall@acme.example'] })
      .prepare(alertNotice())
      .send();
    expect(smtp.messages[0]?.to).toEqual(['oncall@acme.example']);
  });

  it('a 550 for every recipient is a refusal (not retried)', async () => {
    await expect(
      channel({ to: ['nobody@bounce.example'] })
        .prepare(alertNotice())
        .send(),
    ).rejects.toBeInstanceOf(VendorRejectedError);
    expect(smtp.messages).toHaveLength(0);
  });

  it('a wrong password is a refusal; a missing password variable names it', async () => {
    await expect(
      channel({}, { SMTP_ALERTS_PASSWORD: 'wrong' }).prepare(alertNotice()).send(),
    ).rejects.toThrow(/smtp rejected the request: HTTP 535/);
    await expect(channel({}, {}).prepare(alertNotice()).send()).rejects.toThrow(
      "connector 'mail': environment variable SMTP_ALERTS_PASSWORD (named by password_env) is not set",
    );
  });

  it('a server that does not answer is retried later (OperationalError)', async () => {
    const closed = await startTestSmtpServer({ user: 'x', password: 'y' });
    await closed.close();
    await expect(
      channel({ port: closed.port }).prepare(alertNotice()).send(),
    ).rejects.toBeInstanceOf(OperationalError);
  });

  it('checks the connection with a login', async () => {
    expect(await channel().checkConnection()).toEqual({
      ok: true,
      message: `SMTP server 127.0.0.1:${smtp.port} accepts us`,
    });
    expect((await channel({}, { SMTP_ALERTS_PASSWORD: 'wrong' }).checkConnection()).ok).toBe(false);
  });
});
