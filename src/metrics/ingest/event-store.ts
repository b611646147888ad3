import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import type { SegmentCall } from './segment-calls.ts';

/**
 * Stores Segment calls of one launch in one statement; a `messageId` already stored for the
 * launch is skipped (idempotent retries). Returns how many calls were new.
 *
 * @example
 * const stored = await insertTrackedEvents(trx, launchId, calls, clock.now());
 */
export async function insertTrackedEvents(
  executor: DbExecutor,
  launchId: string,
  calls: readonly SegmentCall[],
  receivedAt: Date,
): Promise<number> {
  if (calls.length === 0) return 0;
  const result = await sql`
    INSERT INTO tracked_events
      (launch_id, type, user_id, anonymous_id, event, properties, context, ts, received_at, message_id)
    SELECT ${launchId}::uuid, type, user_id, anonymous_id, event, properties::jsonb, context::jsonb,
           ts, ${receivedAt.toISOString()}::timestamptz, message_id
    FROM unnest(${calls.map((c) => c.type)}::text[], ${calls.map((c) => c.userId)}::text[],
                ${calls.map((c) => c.anonymousId)}::text[], ${calls.map((c) => c.event)}::text[],
                ${calls.map((c) => JSON.stringify(c.properties))}::text[],
                ${calls.map((c) => JSON.stringify(c.context))}::text[],
                ${calls.map((c) => c.ts.toISOString())}::timestamptz[],
                ${calls.map((c) => c.messageId)}::text[])
      AS c(type, user_id, anonymous_id, event, properties, context, ts, message_id)
    ON CONFLICT (launch_id, message_id) DO NOTHING
  `.execute(executor);
  return Number(result.numAffectedRows ?? 0);
}
