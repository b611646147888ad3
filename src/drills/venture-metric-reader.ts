import type { MetricReader } from '../metrics/metric-reader.ts';

/** What the reader needs of the venture's `GET /admin/state` answer. */
interface VentureFaultState {
  traffic: 'v1' | 'v2';
  faults: Record<'v1' | 'v2', { error_rate: number; outage: boolean }>;
}

/**
 * A metric reader of a drill target (the example venture): `error_rate` (%) and `uptime` (%) of
 * the version that serves traffic, from the venture's own fault state (`GET /admin/state`), so
 * that LAUNCH-001 and `verify` steps see what users of the venture see.
 *
 * @example
 * const reader = ventureMetricReader(venture.url);
 * await reader.read({ launchId, name: 'uptime', at: clock.now() }); // { value: 100 }
 */
export function ventureMetricReader(ventureUrl: string): MetricReader {
  return {
    async read({ name }) {
      const response = await fetch(`${ventureUrl}/admin/state`);
      if (!response.ok) return { value: null, reason: `venture answered ${response.status}` };
      const state = (await response.json()) as VentureFaultState;
      const faults = state.faults[state.traffic];
      const errorRate = faults.outage ? 100 : faults.error_rate * 100;
      if (name === 'error_rate') return { value: errorRate };
      if (name === 'uptime') return { value: 100 - errorRate };
      return { value: null, reason: `the venture has no metric ${name}` };
    },
  };
}
