/**
 * Signed one-time approval links (for a page or an e-mail): `/v1/approvals/<id>/decide?token=…`
 * where the token is `<payload>.<signature>`, the payload base64url JSON `{a, p, e, n}` (approval,
 * person, expiry in UNIX seconds, nonce) and the signature base64url HMAC-SHA256 of the payload
 * with `LAUNCHCREW_APPROVAL_LINK_SECRET`. A token works once (its nonce is recorded on use).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { UserError } from '../shared/errors.ts';

/** Environment variable holding the link signing secret. */
export const approvalLinkSecretEnv = 'LAUNCHCREW_APPROVAL_LINK_SECRET';

/** What a valid token says. */
export interface ApprovalLinkClaims {
  approvalId: string;
  personId: string;
  expiresAt: Date;
  nonce: string;
}

/**
 * Signs a link token for one person and one approval.
 *
 * @example
 * const token = signApprovalLink(process.env, { approvalId, personId: 'ana', expiresAt: approval.deadline_at });
 * const url = `${publicUrl}/v1/approvals/${approvalId}/decide?token=${token}`;
 */
export function signApprovalLink(
  env: SecretEnv,
  claims: { approvalId: string; personId: string; expiresAt: Date },
): string {
  const payload = Buffer.from(
    JSON.stringify({
      a: claims.approvalId,
      p: claims.personId,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
      n: randomBytes(12).toString('base64url'),
    }),
  ).toString('base64url');
  return `${payload}.${signature(linkSecret(env), payload)}`;
}

/**
 * Checks a token's signature, approval and expiry (403 `invalid_link` / 410 `link_expired`).
 * Whether it was used is checked when it is spent (`useNonce`).
 *
 * @example
 * const claims = verifyApprovalLink(env, token, approvalId, clock.now());
 */
export function verifyApprovalLink(
  env: SecretEnv,
  token: string,
  approvalId: string,
  now: Date,
): ApprovalLinkClaims {
  const [payload, signed, ...rest] = token.split('.');
  if (
    !payload ||
    !signed ||
    rest.length > 0 ||
    !sameText(signature(linkSecret(env), payload), signed)
  ) {
    throw invalid('the approval link is not valid (bad signature)');
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    a?: unknown;
    p?: unknown;
    e?: unknown;
    n?: unknown;
  };
  if (
    typeof claims.a !== 'string' ||
    typeof claims.p !== 'string' ||
    typeof claims.e !== 'number' ||
    typeof claims.n !== 'string'
  ) {
    throw invalid('the approval link is not valid (bad payload)');
  }
  if (claims.a !== approvalId) throw invalid('the approval link is for another approval');
  const expiresAt = new Date(claims.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new UserError('link_expired', `the approval link expired at ${expiresAt.toISOString()}`, {
      status: 410,
    });
  }
  return { approvalId: claims.a, personId: claims.p, expiresAt, nonce: claims.n };
}

function linkSecret(env: SecretEnv): string {
  const secret = env[approvalLinkSecretEnv];
  if (!secret) {
    throw new UserError(
      'links_disabled',
      `approval links need ${approvalLinkSecretEnv} to be set`,
      { status: 503 },
    );
  }
  return secret;
}

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function invalid(message: string): UserError {
  return new UserError('invalid_link', message, { status: 403 });
}
