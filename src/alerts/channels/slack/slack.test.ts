import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFakeVendor } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import { alertNotice, triggerEvent } from '../../testing/alert-fixtures.ts';
import { manifest } from './manifest.ts';

describe('Slack incoming webhook', () => {
  let slack: FakeVendor;
  const connector = {
    id: 'slack',
    kind: 'chat' as const,
    vendor: 'slack',
    config: { webhook_url_env: 'SLACK_ALERTS_URL' },
  };
  const channel = () =>
    manifest.open(connector, { SLACK_ALERTS_URL: `${slack.url}/services/T000/B000/XXXX` });

  beforeAll(async () => {
    slack = await startFakeVendor({ status: 200, body: 'ok' });
  });
  afterAll(() => slack.close());
  beforeEach(() => {
    slack.received.length = 0;
    slack.replies.length = 0;
  });

  it('posts Block Kit with a text fallback to the webhook URL; 200 ok is sent', async () => {
    const result = await channel().prepare(alertNotice()).send();
    expect(result).toEqual({ http_status: 200, body: 'ok' });
    expect(slack.received).toHaveLength(1);
    const [request] = slack.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/services/T000/B000/XXXX');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: '🔴 FIRING LAUNCH-001 Launch issues (P1) — Acme Analytics: uptime 87.2 % < 90 % for 5m0s',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: '🔴 FIRING LAUNCH-001 Launch issues (P1) — Acme Analytics',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'uptime 87.2 % < 90 % for 5m0s' },
          fields: [
            { type: 'mrkdwn', text: '*Level*\ncritical' },
            { type: 'mrkdwn', text: '*Severity*\nP1' },
            { type: 'mrkdwn', text: '*Rule*\nLAUNCH-001.rollback_uptime' },
            { type: 'mrkdwn', text: '*Value*\n87.2' },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Launch 6f1c2a9e-0000-4000-8000-000000000001 · fired 2026-12-01T10:05:00.000Z · fire #1 · owners @ana <@U0DEV0001>',
            },
          ],
        },
      ],
    });
  });

  it('a resolve says so, with when it resolved', async () => {
    await channel()
      .prepare(alertNotice(triggerEvent({ state: 'resolved', at: '2026-12-01T11:30:00.000Z' })))
      .send();
    const body = JSON.parse(slack.received[0]?.body ?? '') as { text: string; blocks: unknown[] };
    expect(body.text).toBe(
      '✅ RESOLVED LAUNCH-001 Launch issues (P1) — Acme Analytics: uptime 87.2 % < 90 % for 5m0s',
    );
    expect(JSON.stringify(body.blocks[2])).toContain('resolved 2026-12-01T11:30:00.000Z');
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('%i %s fails without a retry', async (status, body) => {
    slack.replies.push({ status, body });
    const sending = channel().prepare(alertNotice()).send();
    await expect(sending).rejects.toThrow(new VendorRejectedError('slack', status, body));
    expect(slack.received).toHaveLength(1);
  });

  it('429 waits for Retry-After and sends again', async () => {
    slack.replies.push({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    expect(await channel().prepare(alertNotice()).send()).toEqual({ http_status: 200, body: 'ok' });
    expect(slack.received).toHaveLength(2);
  });

  it('429 with a Retry-After longer than the inline wait is left to the job retry', async () => {
    slack.replies.push({ status: 429, headers: { 'retry-after': '60' } });
    await expect(channel().prepare(alertNotice()).send()).rejects.toThrow(
      'slack: HTTP 429; retry after 60s',
    );
    expect(slack.received).toHaveLength(1);
  });

  it('5xx is retried with backoff, then an OperationalError', async () => {
    slack.replies.push({ status: 503 }, { status: 502 }, { status: 500, body: 'oops' });
    const sending = channel().prepare(alertNotice()).send();
    await expect(sending).rejects.toBeInstanceOf(OperationalError);
    await expect(channel().prepare(alertNotice()).send()).resolves.toEqual({
      http_status: 200,
      body: 'ok',
    });
    expect(slack.received).toHaveLength(4);
  });

  it('the ledger record carries the message, not the webhook URL', () => {
    const prepared = channel().prepare(alertNotice());
    expect(JSON.stringify(prepared.request)).not.toContain(slack.url);
    expect(prepared.request).toHaveProperty('text');
  });

  it('a missing webhook variable fails with its name; the connection test says so', async () => {
    const broken = manifest.open(connector, {});
    await expect(broken.prepare(alertNotice()).send()).rejects.toThrow(
      "connector 'slack': environment variable SLACK_ALERTS_URL (named by webhook_url_env) is not set",
    );
    expect(await broken.checkConnection()).toMatchObject({ ok: false });
    expect(slack.received).toHaveLength(0);
  });
});
