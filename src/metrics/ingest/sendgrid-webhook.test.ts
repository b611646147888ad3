import { generateKeyPairSync, sign } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test-harness.ts';
import { UserError } from '../../shared/errors.ts';
import { verifySendgridSignature } from './sendgrid-webhook.ts';

// The test vector of SendGrid's own Node.js helper (@sendgrid/eventwebhook).
const vector = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
  signature:
    'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
  timestamp: '1588788367',
  payload: JSON.stringify({
    category: 'example_payload',
    event: 'test_event',
    message_id: 'message_id',
  }),
};

describe('verifySendgridSignature', () => {
  const now = new Date(Number(vector.timestamp) * 1000 + 60_000);

  it('accepts SendGrid’s published test vector', () => {
    expect(() => verifySendgridSignature({ ...vector, now })).not.toThrow();
  });

  it('rejects a changed body, a missing header, and a timestamp more than 5 minutes off', () => {
    const rejects = (input: Partial<typeof vector> & { now?: Date }) => {
      try {
        verifySendgridSignature({ ...vector, now, ...input });
      } catch (error) {
        return error instanceof UserError ? `${error.status} ${error.code}` : 'other';
      }
      return 'accepted';
    };
    expect(rejects({ payload: `${vector.payload} ` })).toBe('401 invalid_signature');
    expect(rejects({ signature: undefined as unknown as string })).toBe('401 invalid_signature');
    expect(rejects({ now: new Date(Number(vector.timestamp) * 1000 + 6 * 60_000) })).toBe(
      '401 invalid_signature',
    );
    expect(rejects({ timestamp: 'abc' })).toBe('401 invalid_signature');
  });
});

describe('POST /v1/webhooks/sendgrid/{ventureId}', () => {
  let api: TestApi;
  let launchId: string;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyBase64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  beforeAll(async () => {
    api = await startTestApi();
    launchId = await api.createLaunch();
  });
  afterAll(() => api.close());

  const post = (
    payload: string,
    options: { timestamp?: number; signWith?: typeof privateKey } = {},
  ) => {
    const timestamp = String(options.timestamp ?? Math.floor(api.clock.now().getTime() / 1000));
    const signature = sign(
      'sha256',
      Buffer.from(timestamp + payload),
      options.signWith ?? privateKey,
    ).toString('base64');
    return api.call<{ stored?: number; error?: { code: string } }>(
      'POST',
      '/v1/webhooks/sendgrid/acme-notes',
      {
        body: payload,
        contentType: 'application/json',
        headers: {
          'X-Twilio-Email-Event-Webhook-Signature': signature,
          'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
        },
      },
    );
  };
  const events = JSON.stringify([
    {
      email: 'a@x.io',
      timestamp: 1767603600,
      event: 'delivered',
      sg_event_id: 'e1',
      sg_message_id: 'm1',
    },
    {
      email: 'a@x.io',
      timestamp: 1767603660,
      event: 'open',
      sg_event_id: 'e2',
      sg_message_id: 'm1',
    },
    {
      email: 'b@x.io',
      timestamp: 1767603600,
      event: 'delivered',
      sg_event_id: 'e3',
      sg_message_id: 'm2',
    },
    {
      email: 'b@x.io',
      timestamp: 1767603600,
      event: 'group_unsubscribe',
      sg_event_id: 'e4',
      sg_message_id: 'm2',
    },
  ]);

  it('answers 401 while the venture has no verification key', async () => {
    expect((await post(events)).status).toBe(401);
  });

  it('lets a lead set the key, refusing keys that are not P-256', async () => {
    const bad = await api.call('PUT', '/v1/ventures/acme-notes/sendgrid-webhook-key', {
      as: 'lead',
      json: { publicKey: 'bm90IGEga2V5' },
    });
    expect(bad.status).toBe(400);
    const ok = await api.call('PUT', '/v1/ventures/acme-notes/sendgrid-webhook-key', {
      as: 'lead',
      json: { publicKey: publicKeyBase64 },
    });
    expect(ok.status).toBe(200);
  });

  it('stores the counted events of a signed post once', async () => {
    const first = await post(events);
    expect(first.status).toBe(200);
    expect(first.body.stored).toBe(3);
    expect((await post(events)).body.stored).toBe(0);
    const { rows } = await sql<{ event: string; launch_id: string }>`
      SELECT event, launch_id FROM email_events ORDER BY sg_event_id`.execute(api.t.db);
    expect(rows).toEqual([
      { event: 'delivered', launch_id: launchId },
      { event: 'open', launch_id: launchId },
      { event: 'delivered', launch_id: launchId },
    ]);
  });

  it('rejects a wrong signature and an old timestamp with 401, storing nothing', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const payload = JSON.stringify([
      { timestamp: 1767603600, event: 'open', sg_event_id: 'e9', sg_message_id: 'm9' },
    ]);
    const forged = await post(payload, { signWith: other });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('invalid_signature');
    const stale = await post(payload, {
      timestamp: Math.floor(api.clock.now().getTime() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM email_events WHERE sg_event_id = 'e9'`.execute(api.t.db);
    expect(rows[0]?.n).toBe('0');
  });
});
