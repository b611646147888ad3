/**
 * Signed generic webhooks. Each request carries
 * `X-LaunchCrew-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed
 * with the connector's secret, and `X-LaunchCrew-Event-Id` (stable across retries: de-duplicate
 * on it). Receivers recompute the HMAC over the raw body and reject stale timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a signed webhook. */
export const signatureHeader = 'X-LaunchCrew-Signature';
export const eventIdHeader = 'X-LaunchCrew-Event-Id';

/**
 * The signature header value for `body` sent at `at`.
 *
 * @example
 * signWebhookBody('s3cret', '{"id":"e1"}', new Date()); // 't=1796119200,v1=5f0c…'
 */
export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

/**
 * Checks a signature header against the raw body: the HMAC must match (compared in constant
 * time) and `t` must be within `toleranceSeconds` of `now`.
 *
 * @example
 * verifyWebhookSignature({ secret, body: rawBody, header: req.headers['x-launchcrew-signature'], now: new Date() });
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  header: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): boolean {
  const parts = new Map(
    (input.header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(input.now.getTime() / 1000 - t) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmac(input.secret, `${t}.${input.body}`), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
