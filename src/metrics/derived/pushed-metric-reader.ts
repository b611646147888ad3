import type { DbExecutor } from '../../store/database.ts';
import type { MetricQuery, MetricReader, MetricReading } from '../metric-reader.ts';
import { noData } from '../metric-reader.ts';
import { readEmailRate, readTicketsPerHour } from './engagement-metrics.ts';
import { readNps, readNpsResponses } from './nps.ts';
import { latestPushedValue, type SeriesCombination } from './pushed-series.ts';
import { minutes, readErrorRate, readP95ResponseTime } from './request-metrics.ts';
import { readDauPerAcquired, readNewUsers, readReturningUsers48h } from './user-metrics.ts';

/** Lookback of request metrics (error rate, p95) when the query gives none. */
export const defaultRequestWindowMs = 5 * 60_000;
/** Lookback of pushed gauges (backlog, first response …) when the query gives none. */
export const defaultGaugeWindowMs = 15 * 60_000;

type Read = (executor: DbExecutor, query: MetricQuery) => Promise<MetricReading>;

const requestWindow = (q: MetricQuery) => ({
  launchId: q.launchId,
  at: q.at,
  labels: q.labels,
  windowMs: q.windowMs ?? defaultRequestWindowMs,
});

const gauge =
  (combine: SeriesCombination): Read =>
  async (executor, q) => {
    const window = {
      ...requestWindow(q),
      name: q.name,
      windowMs: q.windowMs ?? defaultGaugeWindowMs,
    };
    const value = await latestPushedValue(executor, window, combine);
    return value === null
      ? noData(`no ${q.name} samples in the last ${minutes(window)}`)
      : { value };
  };

const newUsers =
  (span: 'all' | 'day1' | 'week1'): Read =>
  (executor, q) =>
    readNewUsers(executor, { launchId: q.launchId, at: q.at, span, channel: q.labels?.channel });

/** The SPEC §5 metrics derived from pushed data, by name. Other names read pushed gauges. */
const derived = new Map<string, Read>(
  Object.entries({
    error_rate: (executor, q) => readErrorRate(executor, requestWindow(q)),
    p95_response_time: (executor, q) => readP95ResponseTime(executor, requestWindow(q)),
    new_users: newUsers('all'),
    new_users_day1: newUsers('day1'),
    new_users_week1: newUsers('week1'),
    returning_users_48h: (executor, q) => readReturningUsers48h(executor, q),
    dau_per_acquired: (executor, q) => readDauPerAcquired(executor, q),
    tickets_per_hour: (executor, q) =>
      readTicketsPerHour(executor, {
        ...requestWindow(q),
        windowMs: q.windowMs ?? defaultGaugeWindowMs,
      }),
    support_backlog: gauge('sum'),
    first_response_time: gauge('max'),
    nps: (executor, q) => readNps(executor, q),
    nps_responses: (executor, q) => readNpsResponses(executor, q),
    email_open_rate: (executor, q) => readEmailRate(executor, q, 'open'),
    email_click_rate: (executor, q) => readEmailRate(executor, q, 'click'),
  } satisfies Record<string, Read>),
);

/**
 * A `MetricReader` over data pushed to LaunchCrew (samples, Segment calls, SendGrid events).
 * Units: rates and shares in %, `p95_response_time` in ms, `first_response_time` in minutes,
 * `new_users*` in users (labels `{channel}` selects a UTM source), `nps` −100…100. Any other
 * name is a pushed gauge: the largest latest value of its series in the window (default 15 min).
 * No data is always `{value: null, reason}`, never 0.
 *
 * @example
 * const reader = pushedMetricReader(db);
 * const { value, reason } = await reader.read({ launchId, name: 'error_rate', at: clock.now() });
 */
export function pushedMetricReader(executor: DbExecutor): MetricReader {
  return {
    read: (query) => (derived.get(query.name) ?? gauge('max'))(executor, query),
  };
}
