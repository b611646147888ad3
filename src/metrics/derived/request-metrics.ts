import type { DbExecutor } from '../../store/database.ts';
import { type MetricReading, noData } from '../metric-reader.ts';
import {
  counterIncrease,
  latestPushedValue,
  type SeriesWindow,
  samplePercentile,
} from './pushed-series.ts';

type Window = Omit<SeriesWindow, 'name'>;

/**
 * Error rate in % over the window: 5xx ÷ all requests from the pushed counter
 * `http_requests_total{status}`; without that counter, the latest pushed `error_rate` sample.
 *
 * @example
 * const { value } = await readErrorRate(db, { launchId, at, windowMs: 300_000 });
 */
export async function readErrorRate(executor: DbExecutor, window: Window): Promise<MetricReading> {
  const byStatus = await counterIncrease(
    executor,
    { ...window, name: 'http_requests_total' },
    'status',
  );
  if (byStatus) {
    let errors = 0;
    let total = 0;
    for (const [status, increase] of byStatus) {
      total += increase;
      if (status.startsWith('5')) errors += increase;
    }
    return total > 0
      ? { value: (100 * errors) / total }
      : noData(`http_requests_total did not increase in the last ${minutes(window)}`);
  }
  const pushed = await latestPushedValue(executor, { ...window, name: 'error_rate' }, 'max');
  return pushed === null
    ? noData(`no http_requests_total or error_rate samples in the last ${minutes(window)}`)
    : { value: pushed };
}

/**
 * p95 response time in ms: the latest pushed `p95_response_time` sample, else the 95th
 * percentile of pushed `http_request_duration_ms` samples in the window.
 *
 * @example
 * const { value } = await readP95ResponseTime(db, { launchId, at, windowMs: 300_000 });
 */
export async function readP95ResponseTime(
  executor: DbExecutor,
  window: Window,
): Promise<MetricReading> {
  const pushed = await latestPushedValue(executor, { ...window, name: 'p95_response_time' }, 'max');
  if (pushed !== null) return { value: pushed };
  const computed = await samplePercentile(
    executor,
    { ...window, name: 'http_request_duration_ms' },
    0.95,
  );
  return computed === null
    ? noData(
        `no p95_response_time or http_request_duration_ms samples in the last ${minutes(window)}`,
      )
    : { value: computed };
}

/** "5m" for a 300,000 ms window. */
export function minutes(window: { windowMs: number }): string {
  return `${Math.round(window.windowMs / 60_000)}m`;
}
