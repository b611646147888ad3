import { type MetricReader, type MetricReading, noData } from '../../metric-reader.ts';
import type { MetricQueries } from '../metric-source-registry.ts';
import { failureReading, readingFromSeries } from '../single-value.ts';
import { isSourceFault } from '../source-errors.ts';
import type { PrometheusClient, PrometheusData } from './prometheus-client.ts';

/** Lookback used for `$window` when the caller gives none. */
const defaultWindowMs = 5 * 60_000;

/**
 * A `MetricReader` over Prometheus: evaluates the metric's PromQL as an instant query at the
 * reading time. `$window` in a query becomes the lookback window (`avg_over_time(up[$window])`).
 * A query that fails, times out, or returns an empty vector, several series or NaN gives no
 * data with the reason — never a zero.
 *
 * @example
 * const reader = prometheusMetricReader(client, { uptime: '100 * avg_over_time(up[$window])' });
 * await reader.read({ launchId, name: 'uptime', at: clock.now(), windowMs: 300_000 });
 */
export function prometheusMetricReader(
  client: PrometheusClient,
  queries: MetricQueries,
): MetricReader {
  return {
    async read(query): Promise<MetricReading> {
      const promql = queries[query.name];
      if (!promql) return noData(`prometheus: no query configured for ${query.name}`);
      const window = `${Math.max(1, Math.round((query.windowMs ?? defaultWindowMs) / 1000))}s`;
      try {
        const data = await client.query(promql.replaceAll('$window', window), query.at);
        return readingFromSeries('prometheus', query.name, latestValues(data));
      } catch (error) {
        if (isSourceFault(error)) return failureReading('prometheus', error);
        throw error;
      }
    },
  };
}

function latestValues(data: PrometheusData): Array<number | null> {
  switch (data.resultType) {
    case 'vector':
      return data.result.map((series) => Number(series.value[1]));
    case 'matrix':
      return data.result.map((series) => {
        const last = series.values.at(-1);
        return last ? Number(last[1]) : null;
      });
    case 'scalar':
      return [Number(data.result[1])];
    case 'string':
      return [null];
  }
}
