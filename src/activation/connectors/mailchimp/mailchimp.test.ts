import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { UserError } from '../../../shared/errors.ts';
import { openActivationConnector } from '../../activation-connectors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { mailchimpBaseUrl } from './mailchimp-api.ts';
import { mailchimpScheduleTime } from './mailchimp-schedule.ts';

describe('Mailchimp activation connector (faked at the wire)', () => {
  let mailchimp: FakeVendor;
  const env = { MAILCHIMP_API_KEY: 'mc-secret-us19' };
  const basicAuth = `Basic ${Buffer.from('launchcrew:mc-secret-us19').toString('base64')}`;
  const now = new Date('2026-03-04T10:00:00Z');
  const open = (secrets: Record<string, string> = env) =>
    openActivationConnector(
      {
        connectors: [
          {
            id: 'newsletter',
            kind: 'email',
            vendor: 'mailchimp',
            config: {
              api_key_env: 'MAILCHIMP_API_KEY',
              from_name: 'Acme',
              reply_to: 'hello@acme.example',
              base_url: `${mailchimp.url}/3.0`,
            },
          },
        ],
      },
      'newsletter',
      secrets,
    );
  const message = activationMessage({
    key: 'launch-1:launch-email:1',
    activationId: 'launch-email',
    title: 'Launch e-mail',
    subject: 'Acme is live',
    text: 'Hello, we are live.',
    html: '<p>Hello, we are live.</p>',
    listId: 'list-42',
    sendAt: now,
    now,
  });
  const ready = jsonReply(200, { is_ready: true, items: [] });
  /** The answer of the search for an earlier attempt's campaign: none yet. */
  const noCampaign = jsonReply(200, { campaigns: [] });
  const search =
    'GET /3.0/campaigns?list_id=list-42&sort_field=create_time&sort_dir=DESC&count=1000&fields=campaigns.id%2Ccampaigns.status%2Ccampaigns.settings.title';
  const calls = () =>
    mailchimp.received.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ''}`);
  const bodyOf = (index: number) => JSON.parse(mailchimp.received[index]?.body ?? '') as unknown;

  beforeAll(async () => {
    mailchimp = await startFakeVendor({ status: 204 });
  });
  afterAll(() => mailchimp.close());
  beforeEach(() => {
    mailchimp.received.length = 0;
    mailchimp.replies.length = 0;
  });

  it('sends now: create campaign, set content, pass the checklist, send (Basic auth)', async () => {
    mailchimp.replies.push(noCampaign, jsonReply(200, { id: 'cmp1' }), jsonReply(200, {}), ready, {
      status: 204,
    });
    const prepared = (await open()).prepare(message);
    expect(await prepared.send()).toEqual({
      campaign_id: 'cmp1',
      handle: { vendor: 'mailchimp', id: 'cmp1' },
    });
    expect(calls()).toEqual([
      search,
      'POST /3.0/campaigns',
      'PUT /3.0/campaigns/cmp1/content',
      'GET /3.0/campaigns/cmp1/send-checklist',
      'POST /3.0/campaigns/cmp1/actions/send',
    ]);
    expect(mailchimp.received.every((r) => r.headers.authorization === basicAuth)).toBe(true);
    expect(bodyOf(1)).toEqual({
      type: 'regular',
      recipients: { list_id: 'list-42' },
      settings: {
        subject_line: 'Acme is live',
        title: 'launch-1:launch-email:1',
        from_name: 'Acme',
        reply_to: 'hello@acme.example',
      },
    });
    expect(bodyOf(2)).toEqual({
      plain_text: 'Hello, we are live.',
      html: '<p>Hello, we are live.</p>',
    });
    expect(JSON.stringify(prepared.request)).not.toContain('mc-secret');
  });

  it('schedules a future send on the next quarter hour and keeps it in the handle', async () => {
    expect(mailchimpScheduleTime(new Date('2026-03-04T12:01:30Z'))).toBe(
      '2026-03-04T12:15:00+00:00',
    );
    expect(mailchimpScheduleTime(new Date('2026-03-04T12:45:00Z'))).toBe(
      '2026-03-04T12:45:00+00:00',
    );
    expect(mailchimpScheduleTime(new Date('2026-03-04T23:59:59.500Z'))).toBe(
      '2026-03-05T00:00:00+00:00',
    );
    mailchimp.replies.push(noCampaign, jsonReply(200, { id: 'cmp2' }), jsonReply(200, {}), ready, {
      status: 204,
    });
    const result = await (await open())
      .prepare({ ...message, sendAt: new Date('2026-03-04T12:01:30Z') })
      .send();
    expect(result).toEqual({
      campaign_id: 'cmp2',
      schedule_time: '2026-03-04T12:15:00+00:00',
      handle: { vendor: 'mailchimp', id: 'cmp2', schedule_time: '2026-03-04T12:15:00+00:00' },
    });
    expect(calls().at(-1)).toBe('POST /3.0/campaigns/cmp2/actions/schedule');
    expect(bodyOf(4)).toEqual({ schedule_time: '2026-03-04T12:15:00+00:00' });
  });

  it('stops at a failing send checklist, naming its items', async () => {
    mailchimp.replies.push(
      noCampaign,
      jsonReply(200, { id: 'cmp3' }),
      jsonReply(200, {}),
      jsonReply(200, {
        is_ready: false,
        items: [
          { type: 'success', id: 1, heading: 'Subject line', details: 'ok' },
          {
            type: 'error',
            id: 2,
            heading: 'Default from email',
            details: 'Add a verified domain.',
          },
        ],
      }),
    );
    const failure = (await open()).prepare(message).send();
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(
      "connector 'newsletter' (mailchimp): campaign cmp3 fails the send checklist: error: Default from email — Add a verified domain.",
    );
    expect(calls()).toHaveLength(4);
  });

  it('unschedules to cancel or pause, and schedules again at the kept time to resume', async () => {
    const connector = await open();
    const handle = { vendor: 'mailchimp', id: 'cmp2', schedule_time: '2026-03-04T12:15:00+00:00' };
    expect(await connector.control?.(handle, 'cancel')).toEqual({
      campaign_id: 'cmp2',
      status: 'cancel',
    });
    expect(await connector.control?.(handle, 'pause')).toEqual({
      campaign_id: 'cmp2',
      status: 'pause',
    });
    expect(await connector.control?.(handle, 'resume')).toEqual({
      campaign_id: 'cmp2',
      status: 'resumed',
      schedule_time: '2026-03-04T12:15:00+00:00',
    });
    expect(calls()).toEqual([
      'POST /3.0/campaigns/cmp2/actions/unschedule',
      'POST /3.0/campaigns/cmp2/actions/unschedule',
      'POST /3.0/campaigns/cmp2/actions/schedule',
    ]);
    expect(bodyOf(2)).toEqual({ schedule_time: '2026-03-04T12:15:00+00:00' });
    await expect(
      connector.control?.({ vendor: 'mailchimp', id: 'cmp1' }, 'resume'),
    ).rejects.toThrow('mailchimp campaign cmp1 was sent at once: there is no schedule to resume');
  });

  it('a 4xx problem detail becomes a VendorRejectedError with its title and detail', async () => {
    mailchimp.replies.push(
      noCampaign,
      jsonReply(400, {
        type: 'https://mailchimp.com/developer/marketing/docs/errors/',
        title: 'Invalid Resource',
        status: 400,
        detail: 'The resource submitted could not be validated.',
        instance: 'f2f2c1d8',
        errors: [{ field: 'settings.reply_to', message: 'This value should be a valid email.' }],
      }),
    );
    const failure = (await open()).prepare(message).send();
    await expect(failure).rejects.toBeInstanceOf(VendorRejectedError);
    await expect(failure).rejects.toThrow(
      'mailchimp rejected the request: HTTP 400 Invalid Resource: The resource submitted could not be validated.; settings.reply_to: This value should be a valid email.',
    );
    expect(calls()).toEqual([search, 'POST /3.0/campaigns']);
  });

  it('retries 429 and 500', async () => {
    mailchimp.replies.push(
      noCampaign,
      jsonReply(429, { title: 'Too Many Requests', status: 429 }, { 'retry-after': '0' }),
      jsonReply(200, { id: 'cmp4' }),
      { status: 500 },
      jsonReply(200, {}),
      ready,
      { status: 204 },
    );
    expect(await (await open()).prepare(message).send()).toMatchObject({ campaign_id: 'cmp4' });
    expect(calls()).toEqual([
      search,
      'POST /3.0/campaigns',
      'POST /3.0/campaigns',
      'PUT /3.0/campaigns/cmp4/content',
      'PUT /3.0/campaigns/cmp4/content',
      'GET /3.0/campaigns/cmp4/send-checklist',
      'POST /3.0/campaigns/cmp4/actions/send',
    ]);
  });

  it('sends a seed-inbox test with actions/test', async () => {
    mailchimp.replies.push(noCampaign, jsonReply(200, { id: 'cmp5' }), jsonReply(200, {}), {
      status: 204,
    });
    const result = await (await open()).prepareTest?.(message, ['seed@acme.example']).send();
    expect(result).toEqual({ campaign_id: 'cmp5', test_emails: ['seed@acme.example'] });
    expect(calls().at(-1)).toBe('POST /3.0/campaigns/cmp5/actions/test');
    expect(bodyOf(3)).toEqual({ test_emails: ['seed@acme.example'], send_type: 'html' });
    expect(bodyOf(1)).toMatchObject({
      settings: { subject_line: '[test] Acme is live', title: 'launch-1:launch-email:1:test' },
    });
  });

  it('a retry carries on with the campaign an earlier attempt created, and never schedules twice', async () => {
    const later = { ...message, sendAt: new Date('2026-03-04T12:01:30Z') };
    const earlier = (status: string) =>
      jsonReply(200, {
        campaigns: [
          { id: 'cmp-other', status: 'sent', settings: { title: 'launch-0:launch-email:1' } },
          { id: 'cmp6', status, settings: { title: 'launch-1:launch-email:1' } },
        ],
      });
    // attempt 1: created (201), then the content PUT keeps failing (500 on every try)
    mailchimp.replies.push(
      noCampaign,
      jsonReply(201, { id: 'cmp6' }),
      ...[1, 2, 3].map(() => ({ status: 500 })),
    );
    const connector = await open();
    await expect(connector.prepare(later).send()).rejects.toMatchObject({ retryable: true });
    // attempt 2 (the job's retry): finds cmp6 by its title, sets the content, schedules it
    mailchimp.replies.push(earlier('save'), jsonReply(200, {}), ready, { status: 204 });
    expect(await connector.prepare(later).send()).toMatchObject({ campaign_id: 'cmp6' });
    // attempt 3 (e.g. after a crash before the ledger recorded it): already scheduled, left alone
    mailchimp.replies.push(earlier('schedule'));
    expect(await connector.prepare(later).send()).toEqual({
      campaign_id: 'cmp6',
      schedule_time: '2026-03-04T12:15:00+00:00',
      handle: { vendor: 'mailchimp', id: 'cmp6', schedule_time: '2026-03-04T12:15:00+00:00' },
    });
    const put = 'PUT /3.0/campaigns/cmp6/content';
    expect(calls()).toEqual([
      search,
      'POST /3.0/campaigns',
      put, // attempt 1's content: three tries (fetchWithRetry), all 500
      put,
      put,
      search,
      put, // attempt 2: the content once more, accepted
      'GET /3.0/campaigns/cmp6/send-checklist',
      'POST /3.0/campaigns/cmp6/actions/schedule',
      search,
    ]);
    expect(calls().filter((call) => call === 'POST /3.0/campaigns')).toHaveLength(1);
    expect(calls().filter((call) => call.endsWith('/actions/schedule'))).toHaveLength(1);
  });

  it('needs a list audience', async () => {
    await expect((await open()).prepare({ ...message, listId: undefined }).send()).rejects.toThrow(
      "connector 'newsletter' (mailchimp) sends to a kind: list audience (its list_id); this activation has none",
    );
    expect(mailchimp.received).toHaveLength(0);
  });

  it('checks the connection with GET /ping', async () => {
    mailchimp.replies.push(jsonReply(200, { health_status: "Everything's Chimpy!" }));
    expect(await (await open()).checkConnection()).toEqual({
      ok: true,
      message: "Mailchimp answers: Everything's Chimpy!",
    });
    expect(calls()).toEqual(['GET /3.0/ping']);
    mailchimp.replies.push(
      jsonReply(401, {
        title: 'API Key Invalid',
        status: 401,
        detail:
          'Your API key may be invalid, or you\u2019ve attempted to access the wrong datacenter.',
      }),
    );
    const failed = await (await open({ MAILCHIMP_API_KEY: 'wrong-us19' })).checkConnection();
    expect(failed).toEqual({
      ok: false,
      message:
        'mailchimp rejected the request: HTTP 401 API Key Invalid: Your API key may be invalid, or you\u2019ve attempted to access the wrong datacenter.',
    });
  });

  it('derives the data center from the key unless server_prefix names it', () => {
    expect(mailchimpBaseUrl({ apiKey: 'abc-us19', connectorId: 'mc' })).toBe(
      'https://us19.api.mailchimp.com/3.0',
    );
    expect(mailchimpBaseUrl({ apiKey: 'abc-us19', connectorId: 'mc', serverPrefix: 'us6' })).toBe(
      'https://us6.api.mailchimp.com/3.0',
    );
    expect(() => mailchimpBaseUrl({ apiKey: 'abc', connectorId: 'mc' })).toThrow(
      "connector 'mc' (mailchimp): set server_prefix (e.g. us19); the API key has no -<dc> suffix",
    );
  });
});
