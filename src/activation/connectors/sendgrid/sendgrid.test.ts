import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { validPlanData } from '../../../plan/testing/plan-fixtures.ts';
import { UserError } from '../../../shared/errors.ts';
import { openActivationConnector } from '../../activation-connectors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { manifest } from './manifest.ts';

describe('SendGrid activation connector (faked at the wire)', () => {
  let sendgrid: FakeVendor;
  const env = { SENDGRID_API_KEY: 'SG.secret-key' };
  const now = new Date('2026-03-04T10:00:00Z');
  const open = (config: Record<string, string | number | boolean | string[]> = {}, secrets = env) =>
    openActivationConnector(
      {
        connectors: [
          {
            id: 'mail',
            kind: 'email',
            vendor: 'sendgrid',
            config: {
              api_key_env: 'SENDGRID_API_KEY',
              from_email: 'launch@acme.example',
              from_name: 'Acme',
              base_url: sendgrid.url,
              ...config,
            },
          },
        ],
      },
      'mail',
      secrets,
    );
  const message = activationMessage({
    key: 'launch-1:launch-email:1',
    activationId: 'launch-email',
    subject: 'Acme is live',
    text: 'Hello, we are live.',
    html: '<p>Hello, we are live.</p>',
    recipients: ['ana@example.com', 'bo@example.com'],
    sendAt: now,
    now,
  });
  const accepted = (id: string) => ({ status: 202, headers: { 'x-message-id': id } });
  const bodyOf = (index: number) =>
    JSON.parse(sendgrid.received[index]?.body ?? '') as Record<string, unknown>;

  beforeAll(async () => {
    sendgrid = await startFakeVendor(accepted('fallback'));
  });
  afterAll(() => sendgrid.close());
  beforeEach(() => {
    sendgrid.received.length = 0;
    sendgrid.replies.length = 0;
  });

  it("accepts the sample plan's SendGrid connector config", () => {
    const sample = validPlanData().connectors.find((connector) => connector.vendor === 'sendgrid');
    expect(manifest.config.safeParse(sample?.config).success).toBe(true);
  });

  it('sends now: one documented /v3/mail/send body per request, message id from X-Message-Id', async () => {
    sendgrid.replies.push(accepted('msg-1'));
    const connector = await open({ categories: ['launch'], asm_group_id: 42, sandbox_mode: true });
    expect(connector.canSchedule).toBe(true);
    expect(connector.maxScheduleAheadMs).toBe(72 * 3_600_000);
    const prepared = connector.prepare(message);
    expect(await prepared.send()).toEqual({ http_status: 202, message_id: 'msg-1' });
    expect(sendgrid.received).toHaveLength(1);
    const [request] = sendgrid.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v3/mail/send');
    expect(request?.headers.authorization).toBe('Bearer SG.secret-key');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(bodyOf(0)).toEqual({
      personalizations: [
        { to: [{ email: 'ana@example.com' }] },
        { to: [{ email: 'bo@example.com' }] },
      ],
      from: { email: 'launch@acme.example', name: 'Acme' },
      subject: 'Acme is live',
      content: [
        { type: 'text/plain', value: 'Hello, we are live.' },
        { type: 'text/html', value: '<p>Hello, we are live.</p>' },
      ],
      custom_args: { launchcrew_key: 'launch-1:launch-email:1' },
      categories: ['launch'],
      asm: { group_id: 42 },
      mail_settings: { sandbox_mode: { enable: true } },
    });
    expect(JSON.stringify(prepared.request)).not.toContain('SG.secret-key');
    expect(prepared.request).toMatchObject({
      personalizations: '2 recipient(s), one each',
      subject: 'Acme is live',
    });
  });

  it('schedules a future send: a batch first, then send_at in UNIX seconds; the batch is the handle', async () => {
    sendgrid.replies.push(jsonReply(201, { batch_id: 'batch-7' }), accepted('msg-2'));
    const sendAt = new Date('2026-03-05T09:30:00Z');
    const result = await (await open()).prepare({ ...message, sendAt }).send();
    expect(result).toEqual({
      http_status: 202,
      message_id: 'msg-2',
      send_at: sendAt.getTime() / 1000,
      handle: { vendor: 'sendgrid', id: 'batch-7' },
    });
    expect(sendgrid.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v3/mail/batch',
      'POST /v3/mail/send',
    ]);
    expect(sendgrid.received[0]?.headers.authorization).toBe('Bearer SG.secret-key');
    expect(sendgrid.received[0]?.body).toBe('');
    expect(bodyOf(1)).toMatchObject({ batch_id: 'batch-7', send_at: 1_772_703_000 });
  });

  it('sends a part into the batch it is given and refuses more than 1000 recipients in one send', async () => {
    sendgrid.replies.push(jsonReply(201, { batch_id: 'batch-big' }), accepted('m1'));
    const connector = await open();
    expect(connector.maxRecipientsPerSend).toBe(1000);
    const batch = await connector.openBatch?.();
    expect(batch).toEqual({ vendor: 'sendgrid', id: 'batch-big' });
    const recipients = Array.from({ length: 1001 }, (_, i) => `person${i}@example.com`);
    const part = { ...message, key: 'k:part:1', recipients: recipients.slice(0, 1000), batch };
    expect(await connector.prepare(part).send()).toEqual({
      http_status: 202,
      message_id: 'm1',
      handle: { vendor: 'sendgrid', id: 'batch-big' },
    });
    expect(sendgrid.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v3/mail/batch',
      'POST /v3/mail/send',
    ]);
    expect(bodyOf(1)).toMatchObject({
      batch_id: 'batch-big',
      custom_args: { launchcrew_key: 'k:part:1' },
    });
    expect((bodyOf(1).personalizations as unknown[]).length).toBe(1000);
    await expect(connector.prepare({ ...message, recipients }).send()).rejects.toThrow(
      "connector 'mail' (sendgrid): 1001 recipients in one send; at most 1000 (split into parts)",
    );
    expect(sendgrid.received).toHaveLength(2);
  });

  it('sets the first status of a batch with POST, changes it with PATCH, resumes with DELETE', async () => {
    sendgrid.replies.push(
      jsonReply(201, { batch_id: 'batch-7', status: 'pause' }),
      jsonReply(200, { batch_id: 'batch-7', status: 'cancel' }),
      { status: 204 },
      jsonReply(201, { batch_id: 'batch-7', status: 'cancel' }),
    );
    const connector = await open();
    const fresh = { vendor: 'sendgrid', id: 'batch-7' };
    const paused = await connector.control?.(fresh, 'pause');
    expect(paused).toEqual({
      http_status: 201,
      batch_id: 'batch-7',
      status: 'pause',
      handle: { vendor: 'sendgrid', id: 'batch-7', status: 'pause' },
    });
    const cancelled = await connector.control?.(paused?.handle as typeof fresh, 'cancel');
    expect(cancelled).toMatchObject({
      http_status: 200,
      handle: { vendor: 'sendgrid', id: 'batch-7', status: 'cancel' },
    });
    // a resumed batch has no status at SendGrid any more: the next one is created again
    const resumed = await connector.control?.(paused?.handle as typeof fresh, 'resume');
    expect(resumed).toEqual({
      http_status: 204,
      batch_id: 'batch-7',
      status: 'resumed',
      handle: { vendor: 'sendgrid', id: 'batch-7' },
    });
    await connector.control?.(resumed?.handle as typeof fresh, 'cancel');
    expect(sendgrid.received.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'POST /v3/user/scheduled_sends {"batch_id":"batch-7","status":"pause"}',
      'PATCH /v3/user/scheduled_sends/batch-7 {"status":"cancel"}',
      'DELETE /v3/user/scheduled_sends/batch-7 ',
      'POST /v3/user/scheduled_sends {"batch_id":"batch-7","status":"cancel"}',
    ]);
    expect(sendgrid.received[1]?.headers['content-type']).toBe('application/json');
    expect(sendgrid.received.every((r) => r.headers.authorization === 'Bearer SG.secret-key')).toBe(
      true,
    );
  });

  it('a 4xx is a VendorRejectedError with SendGrid errors[].message, not retried', async () => {
    sendgrid.replies.push(
      jsonReply(400, {
        errors: [
          { message: 'The from address does not match a verified Sender Identity.', field: 'from' },
        ],
      }),
    );
    const failure = (await open()).prepare(message).send();
    await expect(failure).rejects.toBeInstanceOf(VendorRejectedError);
    await expect(failure).rejects.toThrow(
      'sendgrid rejected the request: HTTP 400 from: The from address does not match a verified Sender Identity.',
    );
    expect(sendgrid.received).toHaveLength(1);
  });

  it('retries 429 and 500 until SendGrid accepts', async () => {
    sendgrid.replies.push(
      jsonReply(429, { errors: [{ message: 'too many requests' }] }, { 'retry-after': '0' }),
      accepted('after-429'),
    );
    expect(await (await open()).prepare(message).send()).toMatchObject({
      message_id: 'after-429',
    });
    expect(sendgrid.received).toHaveLength(2);
    sendgrid.replies.push({ status: 500 }, accepted('after-500'));
    expect(await (await open()).prepare(message).send()).toMatchObject({
      message_id: 'after-500',
    });
    expect(sendgrid.received).toHaveLength(4);
    expect(bodyOf(3)).toEqual(bodyOf(2));
  });

  it('sends the seed-inbox test now, to the seeds only, marked [test]', async () => {
    sendgrid.replies.push(accepted('seed'));
    const future = { ...message, sendAt: new Date('2026-03-05T09:30:00Z') };
    await (await open()).prepareTest?.(future, ['seed@acme.example']).send();
    expect(sendgrid.received.map((r) => r.path)).toEqual(['/v3/mail/send']);
    expect(bodyOf(0)).toMatchObject({
      personalizations: [{ to: [{ email: 'seed@acme.example' }] }],
      subject: '[test] Acme is live',
      custom_args: { launchcrew_key: 'launch-1:launch-email:1:test' },
    });
    expect(bodyOf(0).send_at).toBeUndefined();
  });

  it('refuses a list audience, an empty audience and a send more than 72 h ahead, before any call', async () => {
    const connector = await open();
    await expect(
      connector.prepare({ ...message, recipients: [], listId: 'waitlist' }).send(),
    ).rejects.toThrow(
      "connector 'mail' (sendgrid) sends to the addresses of an inline audience, not to list 'waitlist'",
    );
    await expect(connector.prepare({ ...message, recipients: [] }).send()).rejects.toBeInstanceOf(
      UserError,
    );
    await expect(
      connector.prepare({ ...message, sendAt: new Date('2026-03-07T10:00:01Z') }).send(),
    ).rejects.toThrow('send_at is more than 72 h ahead');
    expect(sendgrid.received).toHaveLength(0);
  });

  it('checks the connection with GET /v3/scopes, never showing the key', async () => {
    sendgrid.replies.push(jsonReply(200, { scopes: ['mail.send', 'user.profile.read'] }));
    expect(await (await open()).checkConnection()).toEqual({
      ok: true,
      message: 'SendGrid accepts the key in SENDGRID_API_KEY (scope mail.send)',
    });
    expect(sendgrid.received[0]).toMatchObject({ method: 'GET', path: '/v3/scopes' });
    expect(sendgrid.received[0]?.headers.authorization).toBe('Bearer SG.secret-key');

    sendgrid.replies.push(jsonReply(200, { scopes: ['user.profile.read'] }));
    expect(await (await open()).checkConnection()).toEqual({
      ok: false,
      message: 'the SendGrid key in SENDGRID_API_KEY lacks the mail.send scope',
    });

    sendgrid.replies.push(
      jsonReply(401, { errors: [{ field: null, message: 'authorization required' }] }),
    );
    const failed = await (await open({}, { SENDGRID_API_KEY: 'SG.wrong' })).checkConnection();
    expect(failed).toEqual({
      ok: false,
      message: 'sendgrid rejected the request: HTTP 401 authorization required',
    });
    expect(failed.message).not.toContain('SG.wrong');
  });
});
