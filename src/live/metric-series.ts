/** Chart series of the dashboard: downsampled metric points, threshold lines, trigger markers. */
import { sql } from 'kysely';
import { readSeries, type SeriesPoint } from '../metrics/samples/series-query.ts';
import type { DbExecutor } from '../store/database.ts';
import { triggerStatuses } from './launch-summary.ts';

/** A chart point: bucket start and value. */
export interface ChartPoint {
  t: string;
  value: number;
}

/** Ranges the dashboard charts. */
export const seriesRanges = { '72h': 72 * 3_600_000, '7d': 7 * 86_400_000 } as const;
export type SeriesRange = keyof typeof seriesRanges;

/** A metric's chart of one launch. */
export interface MetricChart {
  metric: string;
  from: string;
  to: string;
  series: { labels: Record<string, string>; points: ChartPoint[] }[];
  thresholds: {
    ruleId: string;
    triggerId: string;
    operator: string;
    value: number;
    unit: string;
  }[];
  markers: { ruleId: string; kind: 'firing' | 'resolved'; at: string }[];
}

/**
 * Min/max bucket downsampling to at most `maxPoints`: the points are cut into `maxPoints / 2`
 * equal buckets and each bucket keeps its lowest and its highest point, in time order, so every
 * spike and dip stays visible (and the overall extremes are always kept).
 *
 * @example
 * downsampleMinMax(points, 500).length; // ≤ 500
 */
export function downsampleMinMax(points: readonly ChartPoint[], maxPoints: number): ChartPoint[] {
  if (points.length <= maxPoints) return [...points];
  if (maxPoints < 2) return points.length > 0 ? [extreme(points, (a, b) => a > b)] : [];
  const buckets = Math.floor(maxPoints / 2);
  const size = points.length / buckets;
  const kept: ChartPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length === 0) continue;
    const low = extreme(bucket, (a, b) => a < b);
    const high = extreme(bucket, (a, b) => a > b);
    if (low === high) kept.push(low);
    else kept.push(...(low.t < high.t ? [low, high] : [high, low]));
  }
  return kept;
}

function extreme(points: readonly ChartPoint[], better: (a: number, b: number) => boolean) {
  let best = points[0] as ChartPoint;
  for (const point of points) if (better(point.value, best.value)) best = point;
  return best;
}

/**
 * The chart of `metric` over the `range` before `now`: every label set's 1-minute values (the
 * latest sample of each minute) downsampled to ≤ `maxPoints`, the thresholds of the launch's
 * rules on that metric, and when those rules started and stopped firing in the range.
 *
 * @example
 * const chart = await readMetricChart(db, { launchId, metric: 'error_rate', range: '72h', maxPoints: 500, now });
 */
export async function readMetricChart(
  db: DbExecutor,
  query: { launchId: string; metric: string; range: SeriesRange; maxPoints: number; now: Date },
): Promise<MetricChart> {
  const to = new Date(Math.ceil(query.now.getTime() / 60_000) * 60_000);
  const from = new Date(to.getTime() - seriesRanges[query.range]);
  // With many more stored minutes than points, the database buckets them (about 2 × maxPoints
  // buckets of whole minutes) and each bucket is charted by its lowest and highest value: 7 days
  // of 1-minute data leave PostgreSQL as ~1,000 rows, not 10,080, and spikes still show. Fewer
  // stored minutes are charted as they are.
  const stored = await storedMinutes(db, query.launchId, query.metric, from, to);
  const minutes = seriesRanges[query.range] / 60_000;
  const stepMinutes =
    stored <= 2 * query.maxPoints ? 1 : Math.max(1, Math.floor(minutes / (2 * query.maxPoints)));
  const [series, rules] = await Promise.all([
    readSeries(db, {
      launchId: query.launchId,
      name: query.metric,
      from,
      to,
      stepSeconds: 60 * stepMinutes,
    }),
    triggerStatuses(db, query.launchId, query.now),
  ]);
  const thresholds = rules.flatMap((rule) =>
    rule.conditions
      .filter((condition) => condition.metric === query.metric)
      .map((condition) => ({
        ruleId: rule.ruleId,
        triggerId: rule.triggerId,
        operator: condition.operator,
        value: condition.threshold,
        unit: condition.unit,
      })),
  );
  const ruleIds = [...new Set(thresholds.map((threshold) => threshold.ruleId))];
  return {
    metric: query.metric,
    from: from.toISOString(),
    to: to.toISOString(),
    series: series.map((s) => ({
      labels: s.labels,
      points: downsampleMinMax(
        stepMinutes === 1
          ? s.points.map((p) => ({ t: p.t, value: p.last }))
          : s.points.flatMap((p) => extremesOf(p, stepMinutes)),
        query.maxPoints,
      ),
    })),
    thresholds,
    markers: await triggerMarkers(db, query.launchId, ruleIds, from, to),
  };
}

/** How many 1-minute rollups of the metric lie in `[from, to)` (all label sets). */
async function storedMinutes(
  db: DbExecutor,
  launchId: string,
  metric: string,
  from: Date,
  to: Date,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM metric_rollup_1m
    WHERE launch_id = ${launchId}::uuid AND name = ${metric}
      AND minute >= ${from.toISOString()}::timestamptz AND minute < ${to.toISOString()}::timestamptz
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/** A bucket as two points: its lowest value at its start, its highest half a step later. */
function extremesOf(point: SeriesPoint, stepMinutes: number): ChartPoint[] {
  if (point.min === point.max) return [{ t: point.t, value: point.min }];
  const middle = new Date(Date.parse(point.t) + stepMinutes * 30_000).toISOString();
  return [
    { t: point.t, value: point.min },
    { t: middle, value: point.max },
  ];
}

/** Times the rules entered `firing` and left it, from their evaluations in `[from, to)`. */
async function triggerMarkers(
  db: DbExecutor,
  launchId: string,
  ruleIds: string[],
  from: Date,
  to: Date,
): Promise<MetricChart['markers']> {
  if (ruleIds.length === 0) return [];
  const { rows } = await sql<{ rule_id: string; state: string; previous: string | null; at: Date }>`
    SELECT rule_id, state, previous, at FROM (
      SELECT rule_id, state, at,
             lag(state) OVER (PARTITION BY rule_id ORDER BY at, id) AS previous
      FROM trigger_evaluations
      WHERE launch_id = ${launchId}::uuid AND rule_id = ANY(${ruleIds}::text[])
        AND at < ${to.toISOString()}::timestamptz
        AND at >= ${from.toISOString()}::timestamptz - interval '1 day'
    ) e
    WHERE at >= ${from.toISOString()}::timestamptz
      AND (state = 'firing') IS DISTINCT FROM (previous = 'firing')
      AND (state = 'firing' OR previous = 'firing')
    ORDER BY at
  `.execute(db);
  return rows.map((row) => ({
    ruleId: row.rule_id,
    kind: row.state === 'firing' ? 'firing' : 'resolved',
    at: row.at.toISOString(),
  }));
}
