/**
 * Uptime exactly as SPEC §5 — operational minutes ÷ minutes in the window × 100 — computed from
 * probe results (ADR 0005):
 *
 * - Each probe result's status holds from its time until the monitor's next result, but at most
 *   two intervals (one missed probe is tolerated). Past that the status is *unknown*: minutes
 *   with no status at all — before the first probe, or while the scheduler was not running — are
 *   **not in the window** (neither operational nor counted), so a stopped worker does not look
 *   like an outage nor like uptime.
 * - A minute is a clock minute (UTC) that overlaps `[from, to)` and in which some monitor had a
 *   known status. It is **operational** when no monitor was `down` at any moment of it: `up` and
 *   `pending` count as operational (pending is an unconfirmed failure — Uptime Kuma counts it the
 *   same way — so one blip is not an outage), and a minute touched by `down` is not operational.
 * - Without `monitorId` all monitors of the launch count together: a minute is operational only
 *   when none of them was down in it.
 */
import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import { monitorDb } from './monitor-store.ts';

/** What to compute over: a launch's probes (optionally one monitor) in `[from, to)`. */
export interface ProbeWindow {
  launchId: string;
  monitorId?: string;
  from: Date;
  to: Date;
}

/** Uptime in %, or `value: null` when no minute of the window has a known status. */
export interface Uptime {
  value: number | null;
  operationalMinutes: number;
  minutes: number;
}

/** Longest a status can hold: two intervals of the longest allowed interval (1 h). */
const MAX_HOLD = '2 hours';

/**
 * Uptime of a launch (or one of its monitors) over a window.
 *
 * @example
 * await uptimePercent(db, { launchId, from: hourAgo, to: now });
 * // { value: 95, operationalMinutes: 57, minutes: 60 } — a 3-minute outage
 */
export async function uptimePercent(db: DbExecutor, window: ProbeWindow): Promise<Uptime> {
  const monitor = window.monitorId ?? null;
  const result = await sql<{ minutes: string; operational: string }>`
    WITH results AS (
      SELECT r.status,
             r.at,
             LEAST(
               COALESCE(lead(r.at) OVER (PARTITION BY r.monitor_id ORDER BY r.at), 'infinity'),
               r.at + s.interval_ms * 2 * interval '1 millisecond'
             ) AS until
      FROM probe_results r
      JOIN monitor_states s ON s.launch_id = r.launch_id AND s.monitor_id = r.monitor_id
      WHERE r.launch_id = ${window.launchId}
        AND (${monitor}::text IS NULL OR r.monitor_id = ${monitor})
        AND r.at < ${window.to}
        AND r.at >= ${window.from}::timestamptz - ${MAX_HOLD}::interval
    ), spans AS (
      SELECT status, GREATEST(at, ${window.from}) AS starts, LEAST(until, ${window.to}) AS ends
      FROM results
    ), minutes AS (
      SELECT minute, bool_or(status = 'down') AS down
      FROM spans,
           generate_series(date_trunc('minute', starts AT TIME ZONE 'UTC'),
                           (ends AT TIME ZONE 'UTC') - interval '1 microsecond',
                           interval '1 minute') AS minute
      WHERE ends > starts
      GROUP BY minute
    )
    SELECT count(*) AS minutes, count(*) FILTER (WHERE NOT down) AS operational FROM minutes
  `.execute(monitorDb(db));
  const row = result.rows[0];
  const minutes = Number(row?.minutes ?? 0);
  const operationalMinutes = Number(row?.operational ?? 0);
  return {
    value: minutes === 0 ? null : (operationalMinutes / minutes) * 100,
    operationalMinutes,
    minutes,
  };
}

/**
 * The 95th percentile (nearest rank) of probe latency in `[from, to)`, over every probe that got
 * an answer (a wrong status still has a response time; timeouts and refusals have none).
 *
 * @example
 * await p95LatencyMs(db, { launchId, from, to }); // { value: 184, samples: 120 }
 */
export async function p95LatencyMs(
  db: DbExecutor,
  window: ProbeWindow,
): Promise<{ value: number | null; samples: number }> {
  let query = monitorDb(db)
    .selectFrom('probe_results')
    .select([
      sql<number | null>`percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)`.as('p95'),
      sql<string>`count(latency_ms)`.as('samples'),
    ])
    .where('launch_id', '=', window.launchId)
    .where('at', '>=', window.from)
    .where('at', '<', window.to)
    .where('latency_ms', 'is not', null);
  if (window.monitorId !== undefined) query = query.where('monitor_id', '=', window.monitorId);
  const row = await query.executeTakeFirst();
  const samples = Number(row?.samples ?? 0);
  return { value: samples === 0 ? null : Number(row?.p95), samples };
}
