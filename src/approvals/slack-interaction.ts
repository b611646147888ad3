/**
 * Slack interactive approvals: a button click arrives as `POST /v1/slack/interactions`, a form
 * body `payload=<JSON>` signed by Slack (`X-Slack-Signature: v0=<hex HMAC-SHA256 of
 * "v0:<X-Slack-Request-Timestamp>:<raw body>">` with the app's signing secret, from
 * `LAUNCHCREW_SLACK_SIGNING_SECRET`). Requests older than 5 minutes, forged or replayed ones are
 * refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { UserError } from '../shared/errors.ts';

/** Environment variable holding the Slack app's signing secret. */
export const slackSigningSecretEnv = 'LAUNCHCREW_SLACK_SIGNING_SECRET';
const maxAgeSeconds = 5 * 60;

/** The approve/reject click a verified request carries. */
export interface SlackApprovalClick {
  approvalId: string;
  decision: 'approve' | 'reject';
  slackUserId: string;
  slackUserName: string | undefined;
}

/**
 * The `X-Slack-Signature` of a body at a time (what Slack sends; used by tests and the demo).
 *
 * @example
 * const signature = slackSignature(secret, timestamp, body); // 'v0=…'
 */
export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * Verifies a Slack request (401 `invalid_signature` when forged or stale) and returns the
 * replay nonce (the signature) with the parsed click.
 *
 * @example
 * const { nonce, click } = verifySlackInteraction(env, headers, rawBody, clock.now());
 */
export function verifySlackInteraction(
  env: SecretEnv,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now: Date,
): { nonce: string; click: SlackApprovalClick } {
  const secret = env[slackSigningSecretEnv];
  if (!secret) {
    throw new UserError(
      'slack_disabled',
      `Slack interactions need ${slackSigningSecretEnv} to be set`,
      { status: 503 },
    );
  }
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) {
    throw unauthorized('missing X-Slack-Request-Timestamp or X-Slack-Signature');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > maxAgeSeconds) {
    throw unauthorized('the Slack request timestamp is more than 5 minutes away from now');
  }
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw unauthorized('the Slack signature does not match');
  }
  return { nonce: `slack:${signature}`, click: parseClick(rawBody) };
}

function parseClick(rawBody: string): SlackApprovalClick {
  const payload = new URLSearchParams(rawBody).get('payload');
  let parsed: {
    type?: string;
    user?: { id?: string; username?: string };
    actions?: Array<{ action_id?: string; value?: string }>;
  };
  try {
    parsed = JSON.parse(payload ?? '') as typeof parsed;
  } catch {
    throw new UserError('invalid_request', 'the Slack payload is not JSON', { path: ['payload'] });
  }
  const action = parsed.actions?.[0];
  const decision =
    action?.action_id === 'approve' || action?.action_id === 'reject'
      ? action.action_id
      : undefined;
  if (parsed.type !== 'block_actions' || !decision || !action?.value || !parsed.user?.id) {
    throw new UserError(
      'invalid_request',
      'expected a block_actions payload with an approve or reject button',
      {
        path: ['payload'],
      },
    );
  }
  return {
    approvalId: action.value,
    decision,
    slackUserId: parsed.user.id,
    slackUserName: parsed.user.username,
  };
}

function unauthorized(message: string): UserError {
  return new UserError('invalid_signature', message, { status: 401 });
}
