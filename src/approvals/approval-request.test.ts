import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../alerts/testing/smtp-test-server.ts';
import {
  type IncidentHarness,
  startIncidentHarness,
} from '../incidents/testing/incident-harness.ts';
import { listApprovals } from './approval-service.ts';

/** The plain-text body of a raw mail, quoted-printable decoded. */
function mailText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

describe('asking the approvers', () => {
  let h: IncidentHarness;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    h = await startIncidentHarness();
    smtp = await startTestSmtpServer({ user: 'alerts', password: 'pw-123' });
  });
  afterAll(async () => {
    await smtp.close();
    await h.close();
  });

  it('posts Slack buttons and e-mails each approver a one-time link that decides', async () => {
    const launchId = await h.createLaunch(
      `  - { id: mail, kind: email, vendor: smtp, config: { host: 127.0.0.1, port: ${smtp.port}, user: alerts, password_env: SMTP_PASSWORD, from: launchcrew@acme.example } }\n`,
    );
    await h.fire(launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    await h.runFor(0);

    const requests = h.slack.received.map(
      (r) => JSON.parse(r.body) as { text: string; blocks: unknown[] },
    );
    const forRollback = requests.find((r) => r.text.startsWith('Roll back?'));
    expect(forRollback).toEqual({
      text: `Roll back? P0 incident on Acme Notes: uptime 82.5 % < 90 % for 5m0s — decide before ${rollback?.deadline_at.toISOString()} (then: escalate)`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Roll back?* P0 — Acme Notes' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Evidence*\nuptime 82.5 % < 90 % for 5m0s' },
            { type: 'mrkdwn', text: '*Classified*\noutage (uptime below the rollback threshold)' },
            { type: 'mrkdwn', text: `*Decide before*\n${rollback?.deadline_at.toISOString()}` },
            { type: 'mrkdwn', text: '*Then*\nescalate' },
          ],
        },
        {
          type: 'actions',
          block_id: `approval:${rollback?.id}`,
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              value: rollback?.id,
              style: 'danger',
              text: { type: 'plain_text', text: 'Approve' },
            },
            {
              type: 'button',
              action_id: 'reject',
              value: rollback?.id,
              text: { type: 'plain_text', text: 'Reject' },
            },
          ],
        },
      ],
    });
    expect(requests.filter((r) => r.text.startsWith('Pause marketing?'))).toHaveLength(1);

    // one mail per approver (lead, on-call) per proposal; the marketing person gets none
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([
      'ana@example.com',
      'ana@example.com',
      'olu@example.com',
      'olu@example.com',
    ]);
    const prefix = `https://launchcrew.example/v1/approvals/${rollback?.id}/decide?token=`;
    const links = smtp.messages
      .map((m) => mailText(m.raw))
      .flatMap((text) => text.match(/https:\/\/launchcrew\.example\/\S+/g) ?? [])
      .filter((link) => link.startsWith(prefix));
    expect(links).toHaveLength(2);
    const decided = await h.api.call(
      'POST',
      (links[0] ?? '').replace('https://launchcrew.example', ''),
      {
        body: 'decision=approve',
        contentType: 'application/x-www-form-urlencoded',
      },
    );
    expect(decided.status).toBe(200);
    expect(h.rollbacks.map((r) => r.approvalId)).toEqual([rollback?.id]);

    await h.runFor(0); // nothing is sent twice
    expect(smtp.messages).toHaveLength(4);
    expect(h.slack.received.filter((r) => r.body.includes('"text":"Roll back?'))).toHaveLength(1);
  });
});
