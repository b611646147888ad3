import type { MetricReader, MetricReading } from '../../metric-reader.ts';
import { noData } from '../../metric-reader.ts';
import type { MetricQueries } from '../metric-source-registry.ts';
import { failureReading, readingFromSeries } from '../single-value.ts';
import { isSourceFault } from '../source-errors.ts';
import type { DatadogClient, DatadogSeries } from './datadog-client.ts';

const defaultWindowMs = 5 * 60_000;

/**
 * A `MetricReader` over Datadog: runs the metric's query over `[at − window, at]` and takes the
 * latest non-null point. No series, several series, only null points or a failed call give no
 * data with the reason.
 *
 * @example
 * const reader = datadogMetricReader(client, { error_rate: 'sum:web.errors{*}.as_rate()' });
 */
export function datadogMetricReader(client: DatadogClient, queries: MetricQueries): MetricReader {
  return {
    async read(query): Promise<MetricReading> {
      const datadogQuery = queries[query.name];
      if (!datadogQuery) return noData(`datadog: no query configured for ${query.name}`);
      const from = new Date(query.at.getTime() - (query.windowMs ?? defaultWindowMs));
      try {
        const series = await client.query(datadogQuery, { from, to: query.at });
        return readingFromSeries('datadog', query.name, series.map(latestPoint));
      } catch (error) {
        if (isSourceFault(error)) return failureReading('datadog', error);
        throw error;
      }
    },
  };
}

function latestPoint(series: DatadogSeries): number | null {
  for (let index = series.pointlist.length - 1; index >= 0; index -= 1) {
    const value = series.pointlist[index]?.[1];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}
