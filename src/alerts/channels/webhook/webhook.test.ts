import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFakeVendor } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { alertNotice, launchId, triggerEvent } from '../../testing/alert-fixtures.ts';
import { manifest } from './manifest.ts';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'whsec-test-0123456789';
const sentAt = new Date('2026-12-01T10:05:30Z');

describe('signed generic webhook', () => {
  let receiver: FakeVendor;
  const channel = (env: Record<string, string> = { HOOK_SECRET: secret }) =>
    manifest.open(
      {
        id: 'ops-bot',
        kind: 'chat',
        vendor: 'webhook',
        config: { url: `${receiver.url}/hooks/launchcrew`, secret_env: 'HOOK_SECRET' },
      },
      env,
    );

  beforeAll(async () => {
    receiver = await startFakeVendor({ status: 204 });
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.replies.length = 0;
  });

  it('posts the event with a signature the receiver can verify', async () => {
    expect(await channel().prepare(alertNotice()).send()).toEqual({ http_status: 204 });
    const [request] = receiver.received;
    const header = request?.headers['x-launchcrew-signature'] as string;
    expect(header).toMatch(/^t=1796119530,v1=[0-9a-f]{64}$/);
    expect(request?.headers['x-launchcrew-event-id']).toBe(triggerEvent().id);
    const body = request?.body ?? '';
    expect(verifyWebhookSignature({ secret, body, header, now: sentAt })).toBe(true);
    expect(JSON.parse(body)).toMatchObject({
      id: triggerEvent().id,
      type: 'trigger.firing',
      sent_at: '2026-12-01T10:05:30.000Z',
      launch: { id: launchId, venture_id: 'acme', venture_name: 'Acme Analytics' },
      alert: { recipients: ['ana', 'dev'] },
      event: triggerEvent(),
    });
  });

  it('a changed body, another secret or a stale timestamp does not verify', async () => {
    await channel().prepare(alertNotice()).send();
    const [request] = receiver.received;
    const header = request?.headers['x-launchcrew-signature'] as string;
    const body = request?.body ?? '';
    expect(verifyWebhookSignature({ secret, body: `${body} `, header, now: sentAt })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', body, header, now: sentAt })).toBe(false);
    const tenMinutesLater = new Date(sentAt.getTime() + 600_000);
    expect(verifyWebhookSignature({ secret, body, header, now: tenMinutesLater })).toBe(false);
    expect(verifyWebhookSignature({ secret, body, header: undefined, now: sentAt })).toBe(false);
  });

  it('the signature is HMAC-SHA256 of "<t>.<body>" (documented recipe)', () => {
    const expected = createHmac('sha256', 'key').update('1000.hello').digest('hex');
    expect(signWebhookBody('key', 'hello', new Date(1_000_000))).toBe(`t=1000,v1=${expected}`);
  });

  it('a 4xx answer fails; the secret is never in the ledger record', async () => {
    receiver.replies.push({ status: 401, body: 'bad signature' });
    await expect(channel().prepare(alertNotice()).send()).rejects.toBeInstanceOf(
      VendorRejectedError,
    );
    expect(JSON.stringify(channel().prepare(alertNotice()).request)).not.toContain(secret);
  });
});
