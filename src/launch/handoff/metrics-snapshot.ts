/**
 * The metrics snapshot of a launch for the Stage 32 handoff: for every metric of the launch's
 * 1-minute rollups (all label sets together), the last value and min/max/avg since going live,
 * and the 7-day baseline (min/max/avg over the first 7 days after going live), plus the uptime
 * (SPEC §5) from the probes over the same two spans.
 */
import { sql } from 'kysely';
import { uptimePercent } from '../../metrics/monitors/uptime.ts';
import type { DbExecutor } from '../../store/database.ts';

/** Aggregates of a metric over a span. */
export interface SpanStats {
  from: string;
  to: string;
  min: number | null;
  max: number | null;
  avg: number | null;
}

/** One metric in the snapshot. */
export interface MetricSnapshot {
  name: string;
  last: number | null;
  lastAt: string | null;
  window: SpanStats;
  baseline: SpanStats;
}

/** The metrics snapshot of a launch. */
export interface MetricsSnapshot {
  takenAt: string;
  uptime: { window: number | null; baseline: number | null };
  metrics: MetricSnapshot[];
}

const baselineMs = 7 * 24 * 3_600_000;

/**
 * Takes the snapshot from `liveAt` to `now`.
 *
 * @example
 * const snapshot = await metricsSnapshot(db, launchId, liveAt, clock.now());
 */
export async function metricsSnapshot(
  db: DbExecutor,
  launchId: string,
  liveAt: Date,
  now: Date,
): Promise<MetricsSnapshot> {
  const to = now.getTime() > liveAt.getTime() ? now : new Date(liveAt.getTime() + 60_000);
  const baselineTo = new Date(Math.min(to.getTime(), liveAt.getTime() + baselineMs));
  const window = await statsByMetric(db, launchId, liveAt, to);
  const baseline = await statsByMetric(db, launchId, liveAt, baselineTo);
  const { rows: lasts } = await sql<{ name: string; last_value: number; last_ts: Date }>`
    SELECT DISTINCT ON (name) name, last_value, last_ts FROM metric_rollup_1m
    WHERE launch_id = ${launchId}::uuid AND minute <= ${to}
    ORDER BY name, last_ts DESC
  `.execute(db);
  const span = (from: Date, until: Date) => ({ from: from.toISOString(), to: until.toISOString() });
  const empty = { min: null, max: null, avg: null };
  const metrics = lasts.map((row) => ({
    name: row.name,
    last: row.last_value,
    lastAt: new Date(row.last_ts).toISOString(),
    window: { ...span(liveAt, to), ...(window.get(row.name) ?? empty) },
    baseline: { ...span(liveAt, baselineTo), ...(baseline.get(row.name) ?? empty) },
  }));
  const uptimeOver = async (until: Date) =>
    (await uptimePercent(db, { launchId, from: liveAt, to: until })).value;
  return {
    takenAt: now.toISOString(),
    uptime: { window: await uptimeOver(to), baseline: await uptimeOver(baselineTo) },
    metrics,
  };
}

async function statsByMetric(
  db: DbExecutor,
  launchId: string,
  from: Date,
  to: Date,
): Promise<Map<string, { min: number; max: number; avg: number }>> {
  const { rows } = await sql<{ name: string; min: number; max: number; avg: number }>`
    SELECT name, min(min) AS min, max(max) AS max, sum(sum) / sum(count) AS avg
    FROM metric_rollup_1m
    WHERE launch_id = ${launchId}::uuid AND minute >= date_trunc('minute', ${from}::timestamptz)
      AND minute < ${to}
    GROUP BY name
  `.execute(db);
  return new Map(
    rows.map((row) => [
      row.name,
      { min: row.min, max: row.max, avg: Math.round(Number(row.avg) * 1000) / 1000 },
    ]),
  );
}
