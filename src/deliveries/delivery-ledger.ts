import { sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { OperationalError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import type { DeliveryRow, DeliveryState } from '../store/schema.ts';

/** One external effect (an email, a post, a page) identified by a unique key. */
export interface DeliveryRequest {
  /** Unique per effect, e.g. `launch:<id>:activation:t0-email`. */
  key: string;
  channel: string;
  launchId?: string | null;
  /** What is sent, without secrets (kept for the audit trail). */
  request: Record<string, unknown>;
  /**
   * The vendor de-duplicates on its own idempotency key, so a send whose outcome is unknown
   * (the process died mid-request) may be repeated safely.
   */
  vendorIdempotent?: boolean;
  /** A row left in `sending` this long is taken to belong to a crashed process (default 2 min). */
  staleAfterMs?: number;
}

/** The state of a delivery after `deliverOnce`, and whether this call sent it. */
export interface DeliveryOutcome {
  state: DeliveryState;
  sentNow: boolean;
  row: DeliveryRow;
}

/**
 * Sends an external effect at most once. States: pending → sending → sent | failed | unknown.
 * - Already `sent`: returns without calling `send`.
 * - `send` throws a retryable `OperationalError`: back to `pending`, error kept, rethrown so the
 *   job retries with backoff.
 * - `send` throws anything else (the vendor refused the request): `failed`, not retried.
 * - Found in `sending` past `staleAfterMs` (a crash mid-send): `unknown` — resent only when the
 *   vendor de-duplicates (`vendorIdempotent`); otherwise left for a person to reconcile.
 *
 * @example
 * await deliverOnce(db, clock, { key: `pd:${incidentId}:trigger`, channel: 'pagerduty', request: body },
 *   () => pagerDuty.enqueue(body));
 */
export async function deliverOnce(
  db: Db,
  clock: Clock,
  delivery: DeliveryRequest,
  send: () => Promise<Record<string, unknown>>,
): Promise<DeliveryOutcome> {
  await db
    .insertInto('deliveries')
    .values({
      key: delivery.key,
      channel: delivery.channel,
      launch_id: delivery.launchId ?? null,
      state: 'pending',
      request: JSON.stringify(delivery.request),
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();

  const claimable: DeliveryState[] = delivery.vendorIdempotent
    ? ['pending', 'unknown']
    : ['pending'];
  const claimed = await db
    .updateTable('deliveries')
    .set({ state: 'sending', attempts: sql`attempts + 1`, updated_at: clock.now() })
    .where('key', '=', delivery.key)
    .where('state', 'in', claimable)
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return settleUnclaimed(db, clock, delivery);

  let response: Record<string, unknown>;
  try {
    response = await send();
  } catch (error) {
    const retryable = error instanceof OperationalError && error.retryable;
    await db
      .updateTable('deliveries')
      .set({
        state: retryable ? 'pending' : 'failed',
        error: describe(error),
        updated_at: clock.now(),
      })
      .where('key', '=', delivery.key)
      .execute();
    throw error;
  }
  const row = await db
    .updateTable('deliveries')
    .set({
      state: 'sent',
      response: JSON.stringify(response),
      error: null,
      sent_at: clock.now(),
      updated_at: clock.now(),
    })
    .where('key', '=', delivery.key)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { state: 'sent', sentNow: true, row };
}

async function settleUnclaimed(
  db: Db,
  clock: Clock,
  delivery: DeliveryRequest,
): Promise<DeliveryOutcome> {
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('key', '=', delivery.key)
    .executeTakeFirstOrThrow();
  if (row.state !== 'sending') return { state: row.state, sentNow: false, row };
  const staleAfter = delivery.staleAfterMs ?? 120_000;
  if (clock.now().getTime() - new Date(row.updated_at).getTime() < staleAfter) {
    throw new OperationalError(`delivery ${delivery.key} is being sent by another worker`);
  }
  const marked = await db
    .updateTable('deliveries')
    .set({
      state: 'unknown',
      error: 'the sending process stopped mid-send',
      updated_at: clock.now(),
    })
    .where('key', '=', delivery.key)
    .where('state', '=', 'sending')
    .returningAll()
    .executeTakeFirst();
  if (marked && delivery.vendorIdempotent) {
    throw new OperationalError(
      `delivery ${delivery.key} outcome unknown; resending (vendor de-duplicates)`,
    );
  }
  return { state: 'unknown', sentNow: false, row: marked ?? row };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The deliveries of a launch, oldest first. */
export async function listDeliveries(db: Db, launchId: string): Promise<DeliveryRow[]> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('launch_id', '=', launchId)
    .orderBy('id')
    .execute();
}
