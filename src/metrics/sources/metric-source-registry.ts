/**
 * Metric sources are connectors of kind `metric_source`, one folder per vendor with a
 * `manifest.ts` (found here, not listed). `metricReaderForSource` turns a plan's queried
 * `metric_sources[]` entry into a `MetricReader`.
 */
import {
  type ConnectionCheck,
  discoverManifests,
  isRegisteredConnector,
  type RegisteredConnector,
} from '../../connectors/connector-manifest.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { MetricName } from '../../plan/sections/metric-sources.ts';
import { UserError } from '../../shared/errors.ts';
import type { MetricReader } from '../metric-reader.ts';

/** A vendor query per metric name (the plan's `metric_sources[].queries`). */
export type MetricQueries = Partial<Record<MetricName | (string & {}), string | undefined>>;

/** What a metric-source connector provides. */
export interface MetricSourceConnector {
  reader(queries: MetricQueries): MetricReader;
  checkConnection(): Promise<ConnectionCheck>;
}

let manifests: Promise<RegisteredConnector<MetricSourceConnector>[]> | undefined;

/**
 * Every metric-source manifest (`./<vendor>/manifest.ts`).
 *
 * @example
 * (await metricSourceManifests()).map((m) => m.vendor); // ['datadog', 'prometheus']
 */
export function metricSourceManifests(): Promise<RegisteredConnector<MetricSourceConnector>[]> {
  manifests ??= discoverManifests(
    import.meta.dirname,
    (value): value is RegisteredConnector<MetricSourceConnector> =>
      isRegisteredConnector(value) && value.kinds.includes('metric_source'),
  );
  return manifests;
}

/**
 * The reader of a queried metric source of the plan, through its connector's vendor.
 *
 * @example
 * const reader = await metricReaderForSource(plan, 'prometheus-prod', process.env);
 */
export async function metricReaderForSource(
  plan: Pick<LaunchPlan, 'connectors' | 'metric_sources'>,
  sourceId: string,
  env: SecretEnv,
): Promise<MetricReader> {
  const source = plan.metric_sources.find((candidate) => candidate.id === sourceId);
  if (source?.mode !== 'query') {
    throw new UserError('unknown_metric_source', `no queried metric source '${sourceId}'`);
  }
  const connector = plan.connectors.find((candidate) => candidate.id === source.connector);
  if (!connector) {
    throw new UserError('unknown_connector', `metric source '${sourceId}' names no connector`);
  }
  const manifest = (await metricSourceManifests()).find((m) => m.vendor === connector.vendor);
  if (!manifest) {
    throw new UserError(
      'unsupported_vendor',
      `no metric source for vendor '${connector.vendor}' (connector '${connector.id}')`,
    );
  }
  return manifest.open(connector, env).reader(source.queries);
}
