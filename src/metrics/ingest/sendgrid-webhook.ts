import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Clock } from '../../clock/clock.ts';
import { UserError } from '../../shared/errors.ts';
import type { DbExecutor } from '../../store/database.ts';
import { metricsDb } from '../samples/tables.ts';
import { isRecord } from './batch-body.ts';
import { requireVenture, resolveIngestLaunch } from './ingest-keys.ts';
import type { IngestDeps } from './ingest-service.ts';

/** Signed requests older (or further ahead) than this are refused as replays. */
export const sendgridTimestampToleranceMs = 5 * 60_000;
/** Email events that the open and click rates count. */
const storedEvents = new Set(['processed', 'delivered', 'open', 'click', 'bounce', 'dropped']);

/**
 * Parses a SendGrid verification key: the base64 DER (SubjectPublicKeyInfo) of an ECDSA P-256
 * key, as the SendGrid console shows it, or the same in PEM. Anything else → 400.
 *
 * @example
 * const key = parseSendgridPublicKey('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…');
 */
export function parseSendgridPublicKey(text: string): KeyObject {
  try {
    const key = text.includes('BEGIN PUBLIC KEY')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('not a P-256 key');
    }
    return key;
  } catch (error) {
    throw new UserError(
      'invalid_public_key',
      `the SendGrid verification key must be a base64 ECDSA P-256 public key (${error instanceof Error ? error.message : 'unreadable'})`,
      { path: ['body', 'publicKey'], cause: error },
    );
  }
}

/**
 * Stores (or replaces) the SendGrid Event Webhook verification key of a venture and audits it.
 *
 * @example
 * await setSendgridWebhookKey(db, clock, { ventureId: 'acme-notes', publicKey, actor: 'token:ana' });
 */
export async function setSendgridWebhookKey(
  executor: DbExecutor,
  clock: Clock,
  input: { ventureId: string; publicKey: string; actor: string },
): Promise<void> {
  parseSendgridPublicKey(input.publicKey);
  const db = metricsDb(executor);
  await requireVenture(executor, input.ventureId);
  const row = {
    public_key: input.publicKey.trim(),
    updated_by: input.actor,
    updated_at: clock.now(),
  };
  await db
    .insertInto('sendgrid_webhook_keys')
    .values({ venture_id: input.ventureId, ...row })
    .onConflict((oc) => oc.column('venture_id').doUpdateSet(row))
    .execute();
  await recordAudit(executor, clock, {
    actor: input.actor,
    action: 'sendgrid_webhook_key.set',
    subjectType: 'venture',
    subjectId: input.ventureId,
  });
}

/**
 * Checks a signed SendGrid Event Webhook request: ECDSA (SHA-256, DER signature in base64) over
 * the timestamp header followed by the raw body, and a timestamp within 5 minutes of `now`.
 * Any failure → 401 `invalid_signature`.
 *
 * @example
 * verifySendgridSignature({ publicKey, payload: rawBody, signature, timestamp, now: clock.now() });
 */
export function verifySendgridSignature(input: {
  publicKey: string;
  payload: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): void {
  const fail = (message: string) =>
    new UserError('invalid_signature', message, { status: 401, path: ['headers'] });
  if (!input.signature || !input.timestamp) {
    throw fail('X-Twilio-Email-Event-Webhook-Signature and -Timestamp headers are required');
  }
  const seconds = Number(input.timestamp);
  if (
    !/^\d{1,12}$/.test(input.timestamp) ||
    Math.abs(input.now.getTime() - seconds * 1000) > sendgridTimestampToleranceMs
  ) {
    throw fail('the webhook timestamp is missing, malformed or more than 5 minutes off');
  }
  const key = parseSendgridPublicKey(input.publicKey);
  const valid = verify(
    'sha256',
    Buffer.from(input.timestamp + input.payload, 'utf8'),
    key,
    Buffer.from(input.signature, 'base64'),
  );
  if (!valid) throw fail('the webhook signature does not match the configured verification key');
}

/**
 * Verifies and stores a SendGrid Event Webhook post for a venture. Events go to their
 * `launch_id` custom argument, else the venture's current launch; `sg_event_id` makes each
 * event idempotent. Returns how many events were new.
 *
 * @example
 * await ingestSendgridEvents(deps, 'acme-notes', { payload, signature, timestamp });
 */
export async function ingestSendgridEvents(
  deps: IngestDeps,
  ventureId: string,
  request: { payload: string; signature: string | undefined; timestamp: string | undefined },
): Promise<number> {
  const db = metricsDb(deps.db);
  const key = await db
    .selectFrom('sendgrid_webhook_keys')
    .select('public_key')
    .where('venture_id', '=', ventureId)
    .executeTakeFirst();
  if (!key) {
    throw new UserError(
      'invalid_signature',
      `no SendGrid verification key is configured for venture '${ventureId}'`,
      {
        status: 401,
        path: ['params', 'ventureId'],
      },
    );
  }
  verifySendgridSignature({ ...request, publicKey: key.public_key, now: deps.clock.now() });
  const events = parseEvents(request.payload);
  const launches = new Map<string | undefined, string>();
  const rows = [];
  for (const event of events) {
    const explicit = typeof event.launch_id === 'string' ? event.launch_id : undefined;
    const launchId =
      launches.get(explicit) ?? (await resolveIngestLaunch(deps.db, ventureId, explicit));
    launches.set(explicit, launchId);
    rows.push({
      launch_id: launchId,
      sg_event_id: String(event.sg_event_id),
      sg_message_id: typeof event.sg_message_id === 'string' ? event.sg_message_id : null,
      event: String(event.event),
      email: typeof event.email === 'string' ? event.email : null,
      ts: new Date(Number(event.timestamp) * 1000),
    });
  }
  let stored = 0;
  for (let start = 0; start < rows.length; start += 5000) {
    const result = await db
      .insertInto('email_events')
      .values(rows.slice(start, start + 5000))
      .onConflict((oc) => oc.columns(['launch_id', 'sg_event_id']).doNothing())
      .executeTakeFirst();
    stored += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return stored;
}

/** The events of a webhook body that the email metrics count. */
function parseEvents(payload: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw new UserError('invalid_json', 'the webhook body is not valid JSON', { path: ['body'] });
  }
  if (!Array.isArray(parsed)) {
    throw new UserError('invalid_request', 'the webhook body must be a JSON array of events', {
      path: ['body'],
    });
  }
  return parsed.filter(
    (event): event is Record<string, unknown> =>
      isRecord(event) &&
      typeof event.event === 'string' &&
      storedEvents.has(event.event) &&
      (typeof event.sg_event_id === 'string' || typeof event.sg_event_id === 'number') &&
      typeof event.timestamp === 'number' &&
      Number.isFinite(event.timestamp),
  );
}
