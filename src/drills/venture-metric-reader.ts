import type { VentureState } from '../../examples/venture/server.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';

/**
 * The error rate (%) users of the example venture see, from its fault state (`GET /admin/state`):
 * the serving version's, weighted by the canary while one runs.
 *
 * @example
 * servedErrorRatePercent(await venture.state()); // 15 during a 50 % canary of a v2 failing 30 %
 */
export function servedErrorRatePercent(
  state: Pick<VentureState, 'traffic' | 'canary' | 'faults'>,
): number {
  const rate = (version: 'v1' | 'v2') => {
    const faults = state.faults[version];
    return faults.outage ? 100 : faults.error_rate * 100;
  };
  if (!state.canary) return rate(state.traffic);
  const other = state.canary.version === 'v1' ? 'v2' : 'v1';
  const weight = state.canary.weight / 100;
  return weight * rate(state.canary.version) + (1 - weight) * rate(other);
}

/**
 * A metric reader of a drill target (the example venture): `error_rate` (%) and `uptime` (%) as
 * its users see them (`servedErrorRatePercent`), so that LAUNCH-001 and `verify` steps see what
 * users of the venture see.
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
      const errorRate = servedErrorRatePercent((await response.json()) as VentureState);
      if (name === 'error_rate') return { value: errorRate };
      if (name === 'uptime') return { value: 100 - errorRate };
      return { value: null, reason: `the venture has no metric ${name}` };
    },
  };
}
