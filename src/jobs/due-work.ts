import { sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import type { ScheduledWorkRow } from '../store/schema.ts';
import type { AnyJobKind, JobKind } from './job-kind.ts';
import type { JobQueue } from './job-queue.ts';

/** Work that becomes a job at `dueAt` on the injected clock (T0, T+15, a report, a deadline). */
export interface DueWork<T> {
  kind: JobKind<T>;
  data: T;
  dueAt: Date;
  /** Unique per piece of work: scheduling the same key twice keeps the first. */
  dedupKey: string;
  launchId?: string | null;
}

/**
 * Stores work with its due time, inside the caller's transaction. Returns false when work
 * with the same key already existed.
 *
 * @example
 * await scheduleWork(trx, clock, { kind: launchMilestone, data, dueAt: t0, dedupKey: `${id}:t0` });
 */
export async function scheduleWork<T>(
  executor: DbExecutor,
  clock: Clock,
  work: DueWork<T>,
): Promise<boolean> {
  const data = work.kind.payload.parse(work.data) as Record<string, unknown>;
  const inserted = await executor
    .insertInto('scheduled_work')
    .values({
      launch_id: work.launchId ?? null,
      job: work.kind.name,
      data: JSON.stringify(data),
      due_at: work.dueAt,
      dedup_key: work.dedupKey,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Cancels every unreleased piece of work of a launch; returns how many were cancelled. */
export async function cancelScheduledWork(
  executor: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<number> {
  const result = await executor
    .updateTable('scheduled_work')
    .set({ cancelled_at: clock.now() })
    .where('launch_id', '=', launchId)
    .where('released_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Turns work that is due by `clock.now()` into jobs: each row is marked released and its job
 * enqueued in one transaction, so a crash never loses or doubles it. Several processes may run
 * this at once (rows are claimed with SKIP LOCKED). With `launchId`, only that launch's work
 * is released (a simulated replay must not move other launches). Returns how many were released.
 */
export async function releaseDueWork(
  db: Db,
  queue: JobQueue,
  clock: Clock,
  kinds: ReadonlyMap<string, AnyJobKind>,
  options: { limit?: number; launchId?: string } = {},
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    let query = trx
      .selectFrom('scheduled_work')
      .selectAll()
      .where('due_at', '<=', now)
      .where('released_at', 'is', null)
      .where('cancelled_at', 'is', null);
    if (options.launchId) query = query.where('launch_id', '=', options.launchId);
    const due = await query
      .orderBy('due_at')
      .limit(options.limit ?? 200)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of due) {
      const kind = kinds.get(row.job);
      if (!kind) throw new Error(`scheduled work ${row.id} names unknown job '${row.job}'`);
      await queue.enqueue(trx, kind, row.data as never, { singletonKey: `due:${row.dedup_key}` });
    }
    if (due.length > 0) {
      await trx
        .updateTable('scheduled_work')
        .set({ released_at: now })
        .where(
          'id',
          'in',
          due.map((r) => r.id),
        )
        .execute();
    }
    return due.length;
  });
}

/** The earliest due time of unreleased work, or null when nothing is waiting. */
export async function nextDueAt(db: DbExecutor, launchId?: string): Promise<Date | null> {
  let query = db
    .selectFrom('scheduled_work')
    .select(sql<Date | null>`min(due_at)`.as('next'))
    .where('released_at', 'is', null)
    .where('cancelled_at', 'is', null);
  if (launchId) query = query.where('launch_id', '=', launchId);
  const row = await query.executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}

/** Scheduled work of a launch, in due order. */
export async function listScheduledWork(
  db: DbExecutor,
  launchId: string,
): Promise<ScheduledWorkRow[]> {
  return db
    .selectFrom('scheduled_work')
    .selectAll()
    .where('launch_id', '=', launchId)
    .orderBy('due_at')
    .orderBy('id')
    .execute();
}
