import { sql } from 'kysely';
import { UserError } from '../../shared/errors.ts';
import type { DbExecutor } from '../../store/database.ts';

/** One downsampled point: the samples of a step bucket, aggregated. */
export interface SeriesPoint {
  /** Start of the bucket (ISO). */
  t: string;
  count: number;
  avg: number;
  min: number;
  max: number;
  /** The latest sample in the bucket (the value to chart for counters and gauges). */
  last: number;
}

/** One series (a label set) of a metric with its points, oldest first. */
export interface Series {
  labels: Record<string, string>;
  points: SeriesPoint[];
}

/** Most points one series answer may hold (7 days at 1 minute). */
export const maxPointsPerSeries = 10_080;

/**
 * Reads a metric of a launch from the 1-minute rollup, downsampled to `stepSeconds` buckets
 * (a multiple of 60) in `[from, to)`, one series per label set, optionally only label sets that
 * contain `labels`. More than 10,080 buckets → 400 (pick a larger step).
 *
 * @example
 * const series = await readSeries(db, { launchId, name: 'http_requests_total', from, to, stepSeconds: 300 });
 */
export async function readSeries(
  executor: DbExecutor,
  query: {
    launchId: string;
    name: string;
    from: Date;
    to: Date;
    stepSeconds: number;
    labels?: Readonly<Record<string, string>>;
  },
): Promise<Series[]> {
  const { from, to, stepSeconds } = query;
  if (!Number.isInteger(stepSeconds) || stepSeconds < 60 || stepSeconds % 60 !== 0) {
    throw new UserError(
      'invalid_request',
      'step must be a whole number of minutes (60, 300, 3600 …)',
      {
        path: ['query', 'step'],
      },
    );
  }
  if (to.getTime() <= from.getTime()) {
    throw new UserError('invalid_request', '`to` must be after `from`', { path: ['query', 'to'] });
  }
  const buckets = Math.ceil((to.getTime() - from.getTime()) / (stepSeconds * 1000));
  if (buckets > maxPointsPerSeries) {
    throw new UserError(
      'invalid_request',
      `${buckets} points per series asked; at most ${maxPointsPerSeries}: use a larger step`,
      { path: ['query', 'step'] },
    );
  }
  const labelFilter = query.labels
    ? sql`AND labels @> ${JSON.stringify(query.labels)}::jsonb`
    : sql``;
  const { rows } = await sql<{
    labels_hash: string;
    labels: Record<string, string>;
    bucket: Date;
    count: string;
    sum: number;
    min: number;
    max: number;
    last: number;
  }>`
    SELECT labels_hash, min(labels::text)::jsonb AS labels,
           to_timestamp(floor(extract(epoch FROM minute) / ${stepSeconds}) * ${stepSeconds}) AS bucket,
           sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
           (array_agg(last_value ORDER BY last_ts DESC))[1] AS last
    FROM metric_rollup_1m
    WHERE launch_id = ${query.launchId}::uuid AND name = ${query.name}
      AND minute >= ${from.toISOString()}::timestamptz AND minute < ${to.toISOString()}::timestamptz
      ${labelFilter}
    GROUP BY labels_hash, bucket
    ORDER BY labels_hash, bucket
  `.execute(executor);
  const series = new Map<string, Series>();
  for (const row of rows) {
    let entry = series.get(row.labels_hash);
    if (!entry) {
      entry = { labels: row.labels, points: [] };
      series.set(row.labels_hash, entry);
    }
    const count = Number(row.count);
    entry.points.push({
      t: row.bucket.toISOString(),
      count,
      avg: row.sum / count,
      min: row.min,
      max: row.max,
      last: row.last,
    });
  }
  return [...series.values()];
}
