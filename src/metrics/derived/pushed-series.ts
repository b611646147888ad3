import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';

/** Which pushed series and when: samples in `(at − windowMs, at]`. */
export interface SeriesWindow {
  launchId: string;
  name: string;
  at: Date;
  windowMs: number;
  labels?: Readonly<Record<string, string>> | undefined;
}

/** How the latest values of several series of one metric combine. */
export type SeriesCombination = 'sum' | 'max';

/**
 * The latest value of each series of a pushed metric in the window, combined: `sum` for additive
 * counts (backlog per queue), `max` for levels where the worst series matters (p95, error rate).
 * null when the window holds no sample.
 *
 * @example
 * const backlog = await latestPushedValue(db, { launchId, name: 'support_backlog', at, windowMs: 900_000 }, 'sum');
 */
export async function latestPushedValue(
  executor: DbExecutor,
  window: SeriesWindow,
  combine: SeriesCombination,
): Promise<number | null> {
  const combined = combine === 'sum' ? sql`sum(value)` : sql`max(value)`;
  const { rows } = await sql<{ value: number | null }>`
    SELECT ${combined} AS value FROM (
      SELECT DISTINCT ON (labels_hash) value FROM metric_samples
      WHERE ${windowFilter(window)}
      ORDER BY labels_hash, ts DESC
    ) latest
  `.execute(executor);
  return rows[0]?.value ?? null;
}

/**
 * The increase of a pushed counter (e.g. `http_requests_total`) in the window, per value of
 * `groupLabel`, across all series. A counter that goes down was reset: its new value is the
 * increase. The last sample of the preceding window is the baseline of the first increase.
 * Returns null when the window holds no sample.
 *
 * @example
 * const byStatus = await counterIncrease(db, { launchId, name: 'http_requests_total', at, windowMs: 300_000 }, 'status');
 */
export async function counterIncrease(
  executor: DbExecutor,
  window: SeriesWindow,
  groupLabel: string,
): Promise<Map<string, number> | null> {
  const widened = { ...window, windowMs: window.windowMs * 2 };
  const from = new Date(window.at.getTime() - window.windowMs).toISOString();
  const { rows } = await sql<{ group_value: string; increase: number; samples: string }>`
    SELECT coalesce(labels->>${groupLabel}, '') AS group_value,
           sum(CASE WHEN prev IS NULL THEN 0 WHEN value >= prev THEN value - prev ELSE value END)
             AS increase,
           count(*) AS samples
    FROM (
      SELECT labels, ts, value, lag(value) OVER (PARTITION BY labels_hash ORDER BY ts) AS prev
      FROM metric_samples WHERE ${windowFilter(widened)}
    ) s
    WHERE ts > ${from}::timestamptz
    GROUP BY 1
  `.execute(executor);
  if (rows.length === 0) return null;
  return new Map(rows.map((row) => [row.group_value, row.increase]));
}

/**
 * A percentile (0–1) of all samples of a pushed metric in the window, or null without samples.
 *
 * @example
 * const p95 = await samplePercentile(db, { launchId, name: 'http_request_duration_ms', at, windowMs }, 0.95);
 */
export async function samplePercentile(
  executor: DbExecutor,
  window: SeriesWindow,
  fraction: number,
): Promise<number | null> {
  const { rows } = await sql<{ value: number | null }>`
    SELECT percentile_cont(${fraction}) WITHIN GROUP (ORDER BY value) AS value
    FROM metric_samples WHERE ${windowFilter(window)}
  `.execute(executor);
  return rows[0]?.value ?? null;
}

function windowFilter(window: SeriesWindow) {
  const from = new Date(window.at.getTime() - window.windowMs).toISOString();
  const labels = window.labels ? sql`AND labels @> ${JSON.stringify(window.labels)}::jsonb` : sql``;
  return sql`launch_id = ${window.launchId}::uuid AND name = ${window.name}
    AND ts > ${from}::timestamptz AND ts <= ${window.at.toISOString()}::timestamptz ${labels}`;
}
