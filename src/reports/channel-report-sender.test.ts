import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertPlan, launchId } from '../alerts/testing/alert-fixtures.ts';
import {
  mailBody,
  mailHeader,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../alerts/testing/smtp-test-server.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { channelReportSender } from './channel-report-sender.ts';
import type { ReportLaunch } from './report-dependencies.ts';

describe('channelReportSender', () => {
  let slack: FakeVendor;
  let smtp: TestSmtpServer;
  const clock = new SimulatedClock(new Date('2026-12-01T11:00:00Z'));

  beforeAll(async () => {
    slack = await startFakeVendor({ status: 200, body: 'ok' });
    smtp = await startTestSmtpServer({ user: 'reports', password: 'pw' });
  });
  afterAll(async () => {
    await slack.close();
    await smtp.close();
  });

  const launchWith = (connectors: LaunchPlan['connectors']): ReportLaunch => ({
    id: launchId,
    ventureId: 'acme',
    ventureName: 'Acme Analytics',
    plan: { ...alertPlan(connectors) } as unknown as LaunchPlan,
  });
  const env = { SLACK_REPORTS_URL: '', SMTP_PASSWORD: 'pw' };

  it('posts the chat report as Slack text and e-mails the report to the team', async () => {
    const launch = launchWith([
      { id: 'pd', kind: 'paging', vendor: 'pagerduty', config: { routing_key_env: 'PD_KEY' } },
      {
        id: 'team-chat',
        kind: 'chat',
        vendor: 'slack',
        config: { webhook_url_env: 'SLACK_REPORTS_URL' },
      },
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          user: 'reports',
          password_env: 'SMTP_PASSWORD',
          from: 'launchcrew@acme.example',
        },
      },
    ] as LaunchPlan['connectors']);
    const sender = channelReportSender(
      { ...env, SLACK_REPORTS_URL: `${slack.url}/services/T/B/X` },
      clock,
    );

    const chat = await sender.chat(launch, '*Acme Analytics* hour 1: uptime 100 %');
    expect(chat).toMatchObject({ connector: 'team-chat', http_status: 200 });
    expect(slack.received.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/services/T/B/X', { text: '*Acme Analytics* hour 1: uptime 100 %' }],
    ]);

    await sender.email(launch, {
      subject: 'Acme: hour 1',
      text: 'uptime 100 %',
      html: '<p>uptime 100 %</p>',
    });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.to.sort()).toEqual(['ana@acme.example', 'dev@acme.example', 'mia@acme.example']);
    expect(mailHeader(mail?.raw ?? '', 'subject')).toBe('Acme: hour 1');
    expect(mail?.raw).toContain('<p>uptime 100 %</p>');
    expect(mailBody(mail?.raw ?? '')).toContain('uptime 100 %');
  });

  it('fails clearly when the plan has no channel that can carry a report', async () => {
    const launch = launchWith([
      { id: 'pd', kind: 'paging', vendor: 'pagerduty', config: { routing_key_env: 'PD_KEY' } },
    ] as LaunchPlan['connectors']);
    await expect(channelReportSender(env, clock).chat(launch, 'hi')).rejects.toThrow(
      /no chat connector that can carry reports/,
    );
  });
});
