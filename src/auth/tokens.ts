import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { isRole, type Principal, type Role, roles } from './roles.ts';

const TOKEN_PREFIX = 'lct_';
const LAST_USED_RESOLUTION_MS = 60_000;

/** A token as created: the secret is shown once and only its hash is stored. */
export interface CreatedToken {
  id: string;
  name: string;
  role: Role;
  secret: string;
}

/**
 * Creates an API token and audits it. Tokens are 32 random bytes, so a SHA-256 of the secret is
 * a safe, fast lookup key; the secret itself is never stored.
 *
 * @example
 * const { secret } = await createToken(db, clock, { name: 'ana', role: 'lead', actor: 'cli:root' });
 */
export async function createToken(
  executor: DbExecutor,
  clock: Clock,
  input: { name: string; role: string; actor: string },
): Promise<CreatedToken> {
  if (!isRole(input.role)) {
    throw new UserError(
      'invalid_role',
      `role must be one of ${roles.join(', ')}; got '${input.role}'`,
      {
        path: ['role'],
      },
    );
  }
  const name = input.name.trim();
  if (!/^[\w.@-]{1,64}$/.test(name)) {
    throw new UserError(
      'invalid_name',
      'token name must be 1–64 letters, digits, ".", "@", "-" or "_"',
      {
        path: ['name'],
      },
    );
  }
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await executor
    .insertInto('api_tokens')
    .values({
      name,
      role: input.role,
      token_hash: hashToken(secret),
      token_prefix: secret.slice(0, 10),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(executor, clock, {
    actor: input.actor,
    action: 'token.create',
    subjectType: 'api_token',
    subjectId: row.id,
    detail: { name, role: input.role },
  });
  return { id: row.id, name, role: input.role, secret };
}

/**
 * The principal of a valid, unrevoked token, or null. Records when it was last used, at most
 * once a minute per token, so reads do not each cost a write.
 */
export async function verifyToken(
  executor: DbExecutor,
  clock: Clock,
  secret: string,
): Promise<Principal | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = await executor
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return null;
  const now = clock.now();
  if (
    !row.last_used_at ||
    now.getTime() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS
  ) {
    await executor
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return { tokenId: row.id, name: row.name, role: row.role };
}

/** Revokes a token by id and audits it; returns false when there was no such active token. */
export async function revokeToken(
  executor: DbExecutor,
  clock: Clock,
  id: string,
  actor: string,
): Promise<boolean> {
  const revoked = await executor
    .updateTable('api_tokens')
    .set({ revoked_at: clock.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['name', 'role'])
    .executeTakeFirst();
  if (!revoked) return false;
  await recordAudit(executor, clock, {
    actor,
    action: 'token.revoke',
    subjectType: 'api_token',
    subjectId: id,
    detail: revoked,
  });
  return true;
}

/** Tokens without their hashes, newest first. */
export async function listTokens(executor: DbExecutor) {
  return executor
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .execute();
}

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
