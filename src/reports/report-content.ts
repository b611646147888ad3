/**
 * The figures of a launch report (SPEC §1 31.3 and §5): each metric for the report's period and
 * cumulatively since T0, read through the `MetricReader`. No data stays `null` with its reason —
 * never a zero.
 */
import type { MetricReader, MetricReading } from '../metrics/metric-reader.ts';
import type { ReportPeriod } from './report-period.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How a metric is read for a report:
 * - `window`: a rate or ratio, read at the period end over `windowMs` = the period, and over
 *   `windowMs` = the time since T0 for the cumulative figure;
 * - `count`: a count since T0 (new users, SPEC §5), read without a window; the period's figure
 *   is the count at its end minus the count at its start;
 * - `current`: a level at report time (the backlog), read once without a window.
 */
export type ReportMetricScope = 'window' | 'count' | 'current';

/** The metrics a report shows, in order. */
export const reportMetrics = [
  { key: 'uptime', label: 'Uptime', unit: '%', scope: 'window' },
  { key: 'error_rate', label: 'Error rate', unit: '%', scope: 'window' },
  { key: 'p95_response_time', label: 'p95 response time', unit: 'ms', scope: 'window' },
  { key: 'new_users', label: 'New users', unit: 'users', scope: 'count' },
  { key: 'returning_users_48h', label: 'Returning within 48 h', unit: '%', scope: 'window' },
  { key: 'nps', label: 'NPS', unit: 'NPS', scope: 'window' },
  { key: 'tickets_per_hour', label: 'Tickets', unit: '/h', scope: 'window' },
  { key: 'first_response_time', label: 'First response', unit: 'min', scope: 'window' },
  { key: 'support_backlog', label: 'Support backlog', unit: 'tickets', scope: 'current' },
  { key: 'email_open_rate', label: 'Email open rate', unit: '%', scope: 'window' },
  { key: 'email_click_rate', label: 'Email click rate', unit: '%', scope: 'window' },
] as const satisfies ReadonlyArray<{
  key: string;
  label: string;
  unit: string;
  scope: ReportMetricScope;
}>;

/** A metric a report shows. */
export type ReportMetricKey = (typeof reportMetrics)[number]['key'];

/** The series that counts NPS responses (the n beside the score). */
export const npsResponsesSeries = 'nps_responses';

/** The GTM user targets a report compares new users with. */
export interface UserTargets {
  /** `target_users_day1`. */
  day1: number;
  /** `target_users_week1`. */
  week1: number;
}

/** One metric's readings (and, for new users, the pro-rated targets; for NPS, the n). */
export interface ReportMetricFigures {
  key: ReportMetricKey;
  label: string;
  unit: string;
  scope: ReportMetricScope;
  period: MetricReading;
  cumulative: MetricReading;
  targets?: { period: number; cumulative: number };
  responses?: { period: MetricReading; cumulative: MetricReading };
}

/** Everything a report says, before formatting. */
export interface ReportContent {
  period: ReportPeriod;
  t0: Date;
  metrics: ReportMetricFigures[];
}

/**
 * The GTM target for new users `elapsedMs` after T0: `day1` spread over the first 24 h, then
 * rising linearly to `week1` at day 7, and `week1` after that.
 *
 * @example
 * proratedUserTarget({ day1: 100, week1: 500 }, 12 * 3_600_000); // 50
 * proratedUserTarget({ day1: 100, week1: 500 }, 4 * 86_400_000); // 300
 */
export function proratedUserTarget(targets: UserTargets, elapsedMs: number): number {
  if (elapsedMs <= 0) return 0;
  if (elapsedMs <= DAY) return (targets.day1 * elapsedMs) / DAY;
  const week = Math.max(targets.week1, targets.day1);
  if (elapsedMs >= 7 * DAY) return week;
  return targets.day1 + ((week - targets.day1) * (elapsedMs - DAY)) / (6 * DAY);
}

/**
 * Reads every report metric of a launch for the period and since T0 (at the period's end, so
 * that a retried report shows the same figures).
 *
 * @example
 * const content = await collectReportContent(reader, { launchId, t0, period: reportPeriod(t0, 5), targets });
 */
export async function collectReportContent(
  reader: MetricReader,
  input: { launchId: string; t0: Date; period: ReportPeriod; targets: UserTargets },
): Promise<ReportContent> {
  const { launchId, t0, period } = input;
  const periodMs = period.end.getTime() - period.start.getTime();
  const sinceT0Ms = period.end.getTime() - t0.getTime();
  const read = async (name: string, at: Date, windowMs?: number): Promise<MetricReading> =>
    checked(
      await reader.read({ launchId, name, at, ...(windowMs === undefined ? {} : { windowMs }) }),
    );
  const overPeriod = async (name: string, scope: ReportMetricScope) => {
    if (scope === 'window') {
      const [inPeriod, cumulative] = await Promise.all([
        read(name, period.end, periodMs),
        read(name, period.end, sinceT0Ms),
      ]);
      return { period: inPeriod, cumulative };
    }
    const cumulative = await read(name, period.end);
    if (scope === 'current' || period.start.getTime() <= t0.getTime()) {
      return { period: cumulative, cumulative };
    }
    return { period: difference(cumulative, await read(name, period.start)), cumulative };
  };
  const metrics = await Promise.all(
    reportMetrics.map(async (metric): Promise<ReportMetricFigures> => {
      const figures: ReportMetricFigures = {
        ...metric,
        ...(await overPeriod(metric.key, metric.scope)),
      };
      if (metric.key === 'new_users') {
        const startMs = period.start.getTime() - t0.getTime();
        const cumulative = proratedUserTarget(input.targets, sinceT0Ms);
        figures.targets = {
          period: cumulative - proratedUserTarget(input.targets, startMs),
          cumulative,
        };
      }
      if (metric.key === 'nps') figures.responses = await overPeriod(npsResponsesSeries, 'count');
      return figures;
    }),
  );
  return { period, t0, metrics };
}

function checked(reading: MetricReading): MetricReading {
  if (reading.value === null || Number.isFinite(reading.value)) return reading;
  return { value: null, reason: `the source returned ${reading.value}` };
}

/** The growth of a count from `earlier` to `later`; no data when either has none. */
function difference(later: MetricReading, earlier: MetricReading): MetricReading {
  if (later.value === null) return later;
  if (earlier.value === null) {
    return { value: null, reason: `at the period start: ${earlier.reason ?? 'no reason given'}` };
  }
  return { value: later.value - earlier.value };
}
