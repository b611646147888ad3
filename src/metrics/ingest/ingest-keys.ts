import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Clock } from '../../clock/clock.ts';
import { UserError } from '../../shared/errors.ts';
import type { DbExecutor } from '../../store/database.ts';
import { metricsDb } from '../samples/tables.ts';

const KEY_PREFIX = 'lck_';
/** `last_used_at` is refreshed at most this often, so hot ingest does not rewrite the key row. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** An ingest key as listed (never with its secret). */
export interface IngestKeyView {
  id: string;
  ventureId: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Who is sending: the venture an ingest key belongs to. */
export interface IngestPrincipal {
  keyId: string;
  ventureId: string;
}

/**
 * Creates an ingest key of a venture (the secret is returned once; only its SHA-256 is stored)
 * and audits it. Unknown venture → 404.
 *
 * @example
 * const { secret } = await createIngestKey(trx, clock, { ventureId: 'acme-notes', name: 'web', actor: 'token:ana' });
 */
export async function createIngestKey(
  executor: DbExecutor,
  clock: Clock,
  input: { ventureId: string; name: string; actor: string },
): Promise<{ key: IngestKeyView; secret: string }> {
  const db = metricsDb(executor);
  await requireVenture(executor, input.ventureId);
  const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('ingest_keys')
    .values({
      venture_id: input.ventureId,
      name: input.name,
      key_hash: hashKey(secret),
      key_prefix: secret.slice(0, 10),
      created_by: input.actor,
      created_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(executor, clock, {
    actor: input.actor,
    action: 'ingest_key.create',
    subjectType: 'ingest_key',
    subjectId: row.id,
    detail: { ventureId: input.ventureId, name: input.name },
  });
  return { key: toView(row), secret };
}

/** A venture's ingest keys, newest first. */
export async function listIngestKeys(
  executor: DbExecutor,
  ventureId: string,
): Promise<IngestKeyView[]> {
  const rows = await metricsDb(executor)
    .selectFrom('ingest_keys')
    .selectAll()
    .where('venture_id', '=', ventureId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toView);
}

/** Revokes a venture's key and audits it; false when there was no such active key. */
export async function revokeIngestKey(
  executor: DbExecutor,
  clock: Clock,
  input: { ventureId: string; keyId: string; actor: string },
): Promise<boolean> {
  if (!isUuid(input.keyId)) return false;
  const revoked = await metricsDb(executor)
    .updateTable('ingest_keys')
    .set({ revoked_at: clock.now() })
    .where('id', '=', input.keyId)
    .where('venture_id', '=', input.ventureId)
    .where('revoked_at', 'is', null)
    .returning(['name'])
    .executeTakeFirst();
  if (!revoked) return false;
  await recordAudit(executor, clock, {
    actor: input.actor,
    action: 'ingest_key.revoke',
    subjectType: 'ingest_key',
    subjectId: input.keyId,
    detail: { ventureId: input.ventureId, name: revoked.name },
  });
  return true;
}

/** The venture of a valid, unrevoked ingest key, or null. */
export async function verifyIngestKey(
  executor: DbExecutor,
  clock: Clock,
  secret: string,
): Promise<IngestPrincipal | null> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null;
  const db = metricsDb(executor);
  const row = await db
    .selectFrom('ingest_keys')
    .select(['id', 'venture_id', 'last_used_at'])
    .where('key_hash', '=', hashKey(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .updateTable('ingest_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return { keyId: row.id, ventureId: row.venture_id };
}

/**
 * The launch that data of a venture goes to: `explicitLaunchId` when given (it must belong to the
 * venture, else 404), otherwise the venture's most recent launch that has not ended (none → 409).
 *
 * @example
 * const launchId = await resolveIngestLaunch(db, 'acme-notes');
 */
export async function resolveIngestLaunch(
  executor: DbExecutor,
  ventureId: string,
  explicitLaunchId?: string,
): Promise<string> {
  if (explicitLaunchId !== undefined) {
    const found = isUuid(explicitLaunchId)
      ? await executor
          .selectFrom('launches')
          .select('id')
          .where('id', '=', explicitLaunchId)
          .where('venture_id', '=', ventureId)
          .executeTakeFirst()
      : undefined;
    if (!found) {
      throw new UserError(
        'not_found',
        `launch '${explicitLaunchId}' does not exist or belongs to another venture`,
        { status: 404, path: ['body', 'launch_id'] },
      );
    }
    return found.id;
  }
  const current = await executor
    .selectFrom('launches')
    .select('id')
    .where('venture_id', '=', ventureId)
    .where('ended_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!current) {
    throw new UserError(
      'no_current_launch',
      `venture '${ventureId}' has no launch in progress; send launch_id to target an ended one`,
      { status: 409 },
    );
  }
  return current.id;
}

/** Throws `not_found` (404, path `params.id`) unless venture `ventureId` exists. */
export async function requireVenture(executor: DbExecutor, ventureId: string): Promise<void> {
  const venture = await executor
    .selectFrom('ventures')
    .select('id')
    .where('id', '=', ventureId)
    .executeTakeFirst();
  if (!venture) {
    throw new UserError('not_found', `venture '${ventureId}' does not exist`, {
      status: 404,
      path: ['params', 'id'],
    });
  }
}

/** True for a canonical UUID string. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toView(row: {
  id: string;
  venture_id: string;
  name: string;
  key_prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): IngestKeyView {
  return {
    id: row.id,
    ventureId: row.venture_id,
    name: row.name,
    prefix: row.key_prefix,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
