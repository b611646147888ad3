/**
 * One worker at a time runs the probes, however many workers are started: the scheduler holds a
 * lease row (migration 0004) that it renews well before it expires. When the holder stops or
 * dies, another worker takes over once the lease has expired. Times come from the injected clock.
 */
import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import { monitorDb } from './monitor-store.ts';

/**
 * Takes or renews the lease for `holder` until `now + ttlMs`; true when `holder` has it.
 *
 * @example
 * if (await acquireSchedulerLease(db, { holder: 'worker-1', now: clock.now(), ttlMs: 30_000 })) {
 *   // run the probes
 * }
 */
export async function acquireSchedulerLease(
  db: DbExecutor,
  lease: { holder: string; now: Date; ttlMs: number },
): Promise<boolean> {
  const expiresAt = new Date(lease.now.getTime() + lease.ttlMs);
  const row = await monitorDb(db)
    .insertInto('monitor_scheduler_lease')
    .values({ id: 1, holder: lease.holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ holder: lease.holder, expires_at: expiresAt })
        .where((eb) =>
          eb.or([
            eb('monitor_scheduler_lease.holder', '=', lease.holder),
            eb('monitor_scheduler_lease.expires_at', '<=', lease.now),
          ]),
        ),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === lease.holder;
}

/** Gives the lease up (when `holder` has it) so another worker can take over at once. */
export async function releaseSchedulerLease(db: DbExecutor, holder: string): Promise<void> {
  await monitorDb(db)
    .updateTable('monitor_scheduler_lease')
    .set({ expires_at: sql<Date>`'-infinity'::timestamptz` })
    .where('holder', '=', holder)
    .execute();
}
