import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';

/** The T0 of a launch, or null when there is no such launch. */
export async function launchT0(executor: DbExecutor, launchId: string): Promise<Date | null> {
  const row = await executor
    .selectFrom('launches')
    .select('t0')
    .where('id', '=', launchId)
    .executeTakeFirst();
  return row?.t0 ?? null;
}

/** Whether the launch has received any tracked event (Segment call) up to `at`. */
export async function hasTrackedEvents(
  executor: DbExecutor,
  launchId: string,
  at: Date,
  event?: string,
): Promise<boolean> {
  const eventFilter = event ? sql`AND event = ${event}` : sql``;
  const { rows } = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM tracked_events WHERE launch_id = ${launchId}::uuid
      AND ts <= ${at.toISOString()}::timestamptz ${eventFilter}) AS found
  `.execute(executor);
  return rows[0]?.found ?? false;
}

/** SQL condition of a sign-up: an `identify`, or a `Signed Up` track event. */
export const signupCondition = sql`(type = 'identify' OR (type = 'track' AND event = 'Signed Up'))`;

/** SQL expression of the user of an event: its userId, else its anonymousId. */
export const userOf = sql`coalesce(user_id, anonymous_id)`;
