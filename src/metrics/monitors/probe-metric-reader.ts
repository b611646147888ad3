/** The metrics LaunchCrew's own probes answer, behind the shared `MetricReader` contract. */
import type { DbExecutor } from '../../store/database.ts';
import { type MetricReader, type MetricReading, noData } from '../metric-reader.ts';
import { p95LatencyMs, uptimePercent } from './uptime.ts';

/** Lookback when the query gives none: the 72 h headline window of SPEC §5 for uptime. */
export const defaultUptimeWindowMs = 72 * 3_600_000;
/** Lookback for p95 response time when the query gives none. */
export const defaultLatencyWindowMs = 15 * 60_000;

/**
 * Reads `uptime` (%) and `p95_response_time` (ms) of a launch from its probe results over
 * `[at - windowMs, at)`; label `monitor` narrows to one monitor. Other names, and windows without
 * probe results, answer no data with the reason.
 *
 * @example
 * const reader = probeMetricReader(db);
 * await reader.read({ launchId, name: 'uptime', at: clock.now(), windowMs: 5 * 60_000 });
 * // { value: 100 }
 */
export function probeMetricReader(db: DbExecutor): MetricReader {
  return {
    async read(query): Promise<MetricReading> {
      const monitorId = query.labels?.monitor;
      const window = (lookbackMs: number) => ({
        launchId: query.launchId,
        ...(monitorId === undefined ? {} : { monitorId }),
        from: new Date(query.at.getTime() - lookbackMs),
        to: query.at,
      });
      const scope = monitorId === undefined ? 'the launch' : `monitor '${monitorId}'`;
      if (query.name === 'uptime') {
        const uptime = await uptimePercent(db, window(query.windowMs ?? defaultUptimeWindowMs));
        return uptime.value === null
          ? noData(`no probe results for ${scope} in the window`)
          : { value: uptime.value };
      }
      if (query.name === 'p95_response_time') {
        const latency = await p95LatencyMs(db, window(query.windowMs ?? defaultLatencyWindowMs));
        return latency.value === null
          ? noData(`no answered probes for ${scope} in the window`)
          : { value: latency.value };
      }
      return noData(`LaunchCrew's probes do not measure '${query.name}'`);
    },
  };
}
