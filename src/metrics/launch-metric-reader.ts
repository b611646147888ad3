/**
 * The metric reader the worker uses: for each read, the plan's queried sources that define the
 * metric (Prometheus, Datadog) come first, then LaunchCrew's own probes (uptime, p95), then
 * pushed samples and events. The first reading with a value wins; with none, the reading is
 * *no data* with every reason — never a zero. A source that could not be asked (down, timing
 * out) is not asked again for 30 s of wall time, so one dead source does not slow every
 * evaluation and report by its timeout and retries.
 */
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { Db } from '../store/database.ts';
import { pushedMetricReader } from './derived/pushed-metric-reader.ts';
import {
  type MetricQuery,
  type MetricReader,
  type MetricReading,
  noData,
} from './metric-reader.ts';
import { probeMetricReader } from './monitors/probe-metric-reader.ts';
import { metricReaderForSource } from './sources/metric-source-registry.ts';

type SourcePlan = Pick<LaunchPlan, 'connectors' | 'metric_sources'>;

const PLAN_CACHE_MS = 60_000;
const UNAVAILABLE_PAUSE_MS = 30_000;

/**
 * Composes the readers of a launch.
 *
 * @example
 * const reader = launchMetricReader(db, process.env);
 * await reader.read({ launchId, name: 'uptime', at: clock.now(), windowMs: 300_000 });
 */
export function launchMetricReader(db: Db, env: SecretEnv): MetricReader {
  const probes = probeMetricReader(db);
  const pushed = pushedMetricReader(db);
  const plans = new Map<string, { plan: SourcePlan | null; loadedAt: number }>();
  const paused = new Map<string, { until: number; reason: string }>();

  const readSource = async (
    key: string,
    reader: MetricReader,
    query: MetricQuery,
  ): Promise<MetricReading> => {
    const pause = paused.get(key);
    if (pause && performance.now() < pause.until)
      return noData(`${pause.reason} (not asked again yet)`);
    const reading = await reader.read(query);
    if (reading.unavailable)
      paused.set(key, {
        until: performance.now() + UNAVAILABLE_PAUSE_MS,
        reason: reading.reason ?? 'unavailable',
      });
    else paused.delete(key);
    return reading;
  };

  const planOf = async (launchId: string): Promise<SourcePlan | null> => {
    const cached = plans.get(launchId);
    if (cached && performance.now() - cached.loadedAt < PLAN_CACHE_MS) return cached.plan;
    const row = await db
      .selectFrom('launches')
      .select('plan')
      .where('id', '=', launchId)
      .executeTakeFirst();
    const stored = row?.plan as Partial<SourcePlan> | undefined;
    const plan = stored
      ? { connectors: stored.connectors ?? [], metric_sources: stored.metric_sources ?? [] }
      : null;
    plans.set(launchId, { plan, loadedAt: performance.now() });
    return plan;
  };

  const sourceReaders = async (query: MetricQuery): Promise<Array<[string, MetricReader]>> => {
    const plan = await planOf(query.launchId);
    if (!plan) return [];
    const sources = plan.metric_sources.filter(
      (source) => source.mode === 'query' && source.queries[query.name] !== undefined,
    );
    return Promise.all(
      sources.map(
        async (source) =>
          [source.id, await metricReaderForSource(plan, source.id, env)] as [string, MetricReader],
      ),
    );
  };

  return {
    async read(query: MetricQuery): Promise<MetricReading> {
      const readers: Array<[string, MetricReader]> = [
        ...(await sourceReaders(query)),
        ['probes', probes],
        ['pushed', pushed],
      ];
      const reasons: string[] = [];
      for (const [name, reader] of readers) {
        const reading = await readSource(`${query.launchId}:${name}`, reader, query).catch(
          (error: unknown) => noData(`${name}: ${String(error)}`),
        );
        if (reading.value !== null && Number.isFinite(reading.value)) return reading;
        const reason = reading.reason ?? 'no data';
        reasons.push(reason.startsWith(`${name}:`) ? reason : `${name}: ${reason}`);
      }
      return noData(reasons.join('; '));
    },
  };
}
