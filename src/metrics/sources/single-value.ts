/**
 * Turning what a monitoring source answered into one reading: a single finite number, or no
 * data with the reason — never a zero standing in for "nothing".
 */
import { type MetricReading, noData } from '../metric-reader.ts';

/**
 * One reading from the latest value of each returned series (`null` where a series had none).
 *
 * @example
 * readingFromSeries('prometheus', 'uptime', [99.5]); // { value: 99.5 }
 * readingFromSeries('prometheus', 'uptime', []);     // { value: null, reason: '… no series' }
 */
export function readingFromSeries(
  vendor: string,
  metric: string,
  latestValues: ReadonlyArray<number | null>,
): MetricReading {
  if (latestValues.length === 0) {
    return noData(`${vendor}: the query for ${metric} returned no series`);
  }
  if (latestValues.length > 1) {
    return noData(
      `${vendor}: the query for ${metric} returned ${latestValues.length} series; aggregate it to one (e.g. sum or avg)`,
    );
  }
  const value = latestValues[0];
  if (value === null || value === undefined) {
    return noData(`${vendor}: the series for ${metric} has no points in the window`);
  }
  if (!Number.isFinite(value)) {
    return noData(`${vendor}: the query for ${metric} evaluated to ${value}`);
  }
  return { value };
}

/**
 * The reason a source could not be read, prefixed with the vendor once.
 *
 * @example
 * failureReading('prometheus', new OperationalError('timeout after 10s')); // { value: null, reason: 'prometheus: timeout after 10s' }
 */
export function failureReading(vendor: string, error: unknown): MetricReading {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...noData(message.startsWith(`${vendor}`) ? message : `${vendor}: ${message}`),
    unavailable: true,
  };
}
