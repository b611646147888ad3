import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import { type MetricReading, noData } from '../metric-reader.ts';
import { hasTrackedEvents, launchT0, signupCondition, userOf } from './launch-events.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Activity this soon after signing up is the same visit, not a return (web analytics' session). */
export const sameVisitMs = 30 * 60_000;
/** Users whose first campaign source is unknown. */
export const directChannel = '(direct)';

/** Which span of acquisition to count: since T0, the first day, or the first week. */
export type AcquisitionSpan = 'all' | 'day1' | 'week1';
const spanMs: Record<AcquisitionSpan, number> = {
  all: Number.POSITIVE_INFINITY,
  day1: DAY,
  week1: 7 * DAY,
};

/**
 * Distinct new users of a launch (an `identify` or a `Signed Up` track event) from T0 to `at`,
 * capped at T0 + 1 day or 7 days for `day1`/`week1`, optionally of one UTM channel
 * (`context.campaign.source` of the user's first sign-up that carries one). No tracked events
 * at all → no data.
 *
 * @example
 * const { value } = await readNewUsers(db, { launchId, at, span: 'day1' });
 */
export async function readNewUsers(
  executor: DbExecutor,
  query: { launchId: string; at: Date; span: AcquisitionSpan; channel?: string | undefined },
): Promise<MetricReading> {
  const range = await acquisitionRange(executor, query.launchId, query.at, spanMs[query.span]);
  if ('reason' in range) return noData(range.reason);
  if (query.channel === undefined) {
    const { rows } = await sql<{ users: string }>`
      SELECT count(DISTINCT ${userOf}) AS users FROM tracked_events
      WHERE launch_id = ${query.launchId}::uuid AND ${signupCondition}
        AND ts >= ${range.from.toISOString()}::timestamptz AND ts <= ${range.to.toISOString()}::timestamptz
    `.execute(executor);
    return { value: Number(rows[0]?.users ?? 0) };
  }
  const byChannel = await newUsersByChannel(executor, query.launchId, range);
  return { value: byChannel[query.channel] ?? 0 };
}

/**
 * New users from T0 to `at` per UTM channel (`context.campaign.source`, or "(direct)").
 *
 * @example
 * await newUsersByChannel(db, launchId, { from: t0, to: now }); // { google: 12, '(direct)': 3 }
 */
export async function newUsersByChannel(
  executor: DbExecutor,
  launchId: string,
  range: { from: Date; to: Date },
): Promise<Record<string, number>> {
  const { rows } = await sql<{ channel: string; users: string }>`
    SELECT channel, count(*) AS users FROM (
      SELECT DISTINCT ON (${userOf}) ${userOf} AS uid,
             coalesce(context->'campaign'->>'source', ${directChannel}) AS channel
      FROM tracked_events
      WHERE launch_id = ${launchId}::uuid AND ${signupCondition}
        AND ts >= ${range.from.toISOString()}::timestamptz AND ts <= ${range.to.toISOString()}::timestamptz
      ORDER BY ${userOf}, (context->'campaign'->>'source') IS NULL, ts
    ) first_signup
    GROUP BY channel
  `.execute(executor);
  return Object.fromEntries(rows.map((row) => [row.channel, Number(row.users)]));
}

/**
 * % of the launch cohort seen again within 48 h of signing up (any call more than 30 minutes
 * and at most 48 h after their first sign-up). Only users who signed up at least 48 h before
 * `at` count, so the figure never under-reports a cohort still inside its window.
 *
 * @example
 * const { value } = await readReturningUsers48h(db, { launchId, at });
 */
export async function readReturningUsers48h(
  executor: DbExecutor,
  query: { launchId: string; at: Date },
): Promise<MetricReading> {
  const cutoff = new Date(query.at.getTime() - 48 * HOUR);
  const range = await acquisitionRange(executor, query.launchId, cutoff, Number.POSITIVE_INFINITY);
  if ('reason' in range) return noData(range.reason.replace('T0', 'T0 + 48 h'));
  const { rows } = await sql<{ cohort: string; returned: string }>`
    WITH cohort AS (
      SELECT ${userOf} AS uid, min(ts) AS joined FROM tracked_events
      WHERE launch_id = ${query.launchId}::uuid AND ${signupCondition}
        AND ts >= ${range.from.toISOString()}::timestamptz AND ts <= ${range.to.toISOString()}::timestamptz
      GROUP BY 1
    )
    SELECT count(*) AS cohort,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM tracked_events e
             WHERE e.launch_id = ${query.launchId}::uuid AND coalesce(e.user_id, e.anonymous_id) = c.uid
               AND e.ts > c.joined + make_interval(secs => ${sameVisitMs / 1000})
               AND e.ts <= c.joined + interval '48 hours'
           )) AS returned
    FROM cohort c
  `.execute(executor);
  const cohort = Number(rows[0]?.cohort ?? 0);
  if (cohort === 0) return noData('no user signed up at least 48 h ago');
  return { value: (100 * Number(rows[0]?.returned ?? 0)) / cohort };
}

/**
 * Daily active users (any call in the 24 h before `at`) as a % of the users acquired since T0.
 *
 * @example
 * const { value } = await readDauPerAcquired(db, { launchId, at });
 */
export async function readDauPerAcquired(
  executor: DbExecutor,
  query: { launchId: string; at: Date },
): Promise<MetricReading> {
  const acquired = await readNewUsers(executor, { ...query, span: 'all' });
  if (acquired.value === null) return acquired;
  if (acquired.value === 0) return noData('no users acquired yet');
  const { rows } = await sql<{ users: string }>`
    SELECT count(DISTINCT ${userOf}) AS users FROM tracked_events
    WHERE launch_id = ${query.launchId}::uuid
      AND ts > ${new Date(query.at.getTime() - DAY).toISOString()}::timestamptz
      AND ts <= ${query.at.toISOString()}::timestamptz
  `.execute(executor);
  return { value: (100 * Number(rows[0]?.users ?? 0)) / acquired.value };
}

/** `[T0, min(at, T0 + span)]`, or why there is nothing to count. */
async function acquisitionRange(
  executor: DbExecutor,
  launchId: string,
  at: Date,
  span: number,
): Promise<{ from: Date; to: Date } | { reason: string }> {
  const t0 = await launchT0(executor, launchId);
  if (!t0) return { reason: `no launch ${launchId}` };
  if (at.getTime() < t0.getTime()) return { reason: 'the launch has not reached T0' };
  if (!(await hasTrackedEvents(executor, launchId, at))) {
    return { reason: 'no tracked events (Segment calls) received for this launch' };
  }
  return { from: t0, to: new Date(Math.min(at.getTime(), t0.getTime() + span)) };
}
