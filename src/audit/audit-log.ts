import type { Clock } from '../clock/clock.ts';
import type { DbExecutor } from '../store/database.ts';
import type { AuditRow } from '../store/schema.ts';

/** One entry of the audit log: who did what to which subject, and the details. */
export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  launchId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists if and only if
 * the change it describes was committed.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.updateTable('launches').set({ state: 'aborted' }).where('id', '=', id).execute();
 *   await recordAudit(trx, clock, { actor: 'token:ana', action: 'launch.cancel', subjectType: 'launch', subjectId: id, launchId: id });
 * });
 */
export async function recordAudit(
  executor: DbExecutor,
  clock: Clock,
  entry: AuditEntry,
): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({
      at: clock.now(),
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      launch_id: entry.launchId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/** Filters for `listAudit`; results are newest first, `before` pages by id. */
export interface AuditQuery {
  launchId?: string;
  action?: string;
  before?: string;
  limit?: number;
}

/** Reads the audit log, newest first. */
export async function listAudit(executor: DbExecutor, query: AuditQuery = {}): Promise<AuditRow[]> {
  let select = executor.selectFrom('audit_log').selectAll();
  if (query.launchId) select = select.where('launch_id', '=', query.launchId);
  if (query.action) select = select.where('action', '=', query.action);
  if (query.before) select = select.where('id', '<', query.before);
  return select
    .orderBy('id', 'desc')
    .limit(Math.min(query.limit ?? 100, 1000))
    .execute();
}
