import type { MetricReader } from '../../metrics/metric-reader.ts';

/**
 * A metric reader for the example venture: `error_rate` is 0 while its health check answers 200
 * and 1 otherwise (for crash tests and benchmarks of `verify` steps).
 *
 * @example
 * setRunbookDependencies({ metrics: ventureHealthReader(venture.url), env: {}, allowedExecutables: [] });
 */
export function ventureHealthReader(ventureUrl: string): MetricReader {
  return {
    async read() {
      const response = await fetch(`${ventureUrl}/healthz`);
      await response.arrayBuffer();
      return { value: response.status === 200 ? 0 : 1 };
    },
  };
}
