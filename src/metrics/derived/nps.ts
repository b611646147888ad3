import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import { type MetricReading, noData } from '../metric-reader.ts';
import { launchT0, userOf } from './launch-events.ts';

/** Net Promoter Score of a set of 0–10 answers, with a 95 % confidence interval. */
export interface NpsSummary {
  nps: number;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** 95 % confidence interval of the NPS (normal approximation), clipped to −100…100. */
  ci95: [number, number];
}

/**
 * NPS = 100 × (promoters (9–10) − detractors (0–6)) ÷ all answers. The interval treats each
 * answer as +1/0/−1: variance (p + d) − (p − d)², standard error √(variance ÷ n).
 *
 * @example
 * computeNps([10, 9, 8, 3]); // { nps: 25, n: 4, ci95: [-66.6, 100], … }
 */
export function computeNps(scores: readonly number[]): NpsSummary | null {
  const n = scores.length;
  if (n === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const p = promoters / n;
  const d = detractors / n;
  const halfWidth = 1.96 * Math.sqrt((p + d - (p - d) ** 2) / n);
  const clip = (x: number) => Math.max(-100, Math.min(100, 100 * x));
  return {
    nps: 100 * (p - d),
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    ci95: [clip(p - d - halfWidth), clip(p - d + halfWidth)],
  };
}

/**
 * The NPS of a launch from `NPS Responded` track events since T0 (`properties.score`, a whole
 * number 0–10; each user's latest answer counts once).
 *
 * @example
 * const summary = await launchNps(db, launchId, clock.now());
 */
export async function launchNps(
  executor: DbExecutor,
  launchId: string,
  at: Date,
): Promise<NpsSummary | null> {
  const t0 = await launchT0(executor, launchId);
  if (!t0) return null;
  const { rows } = await sql<{ score: number }>`
    SELECT DISTINCT ON (${userOf}) (properties->>'score')::int AS score
    FROM tracked_events
    WHERE launch_id = ${launchId}::uuid AND type = 'track' AND event = 'NPS Responded'
      AND ts >= ${t0.toISOString()}::timestamptz AND ts <= ${at.toISOString()}::timestamptz
      AND properties->>'score' ~ '^([0-9]|10)$'
    ORDER BY ${userOf}, ts DESC
  `.execute(executor);
  return computeNps(rows.map((row) => row.score));
}

/** The NPS as a metric reading (no answers → no data). */
export async function readNps(
  executor: DbExecutor,
  query: { launchId: string; at: Date },
): Promise<MetricReading> {
  const summary = await launchNps(executor, query.launchId, query.at);
  return summary
    ? { value: summary.nps }
    : noData('no NPS Responded events with a 0–10 score since T0');
}

/** How many people answered the NPS survey since T0 (`nps_responses`; 0 is a real count here). */
export async function readNpsResponses(
  executor: DbExecutor,
  query: { launchId: string; at: Date },
): Promise<MetricReading> {
  const summary = await launchNps(executor, query.launchId, query.at);
  return { value: summary?.n ?? 0 };
}
