import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import type { MetricSourceConnector } from '../metric-source-registry.ts';
import { createPrometheusClient } from './prometheus-client.ts';
import { prometheusMetricReader } from './prometheus-reader.ts';

const prometheusConfig = z.strictObject({
  base_url: z.url({ protocol: /^https?$/ }).meta({ description: 'Prometheus server URL.' }),
  timeout_seconds: z.number().min(1).max(120).default(10),
  bearer_token_env: secretEnvSchema('bearer token (managed Prometheus)').optional(),
});

/** Prometheus as a metric source: PromQL per metric over the HTTP API. */
export const manifest = defineConnector({
  vendor: 'prometheus',
  kinds: ['metric_source'],
  description: 'Prometheus HTTP API (instant and range PromQL queries).',
  config: prometheusConfig,
  create(config, { connectorId, env }): MetricSourceConnector {
    const tokenEnv = config.bearer_token_env;
    const client = createPrometheusClient({
      baseUrl: config.base_url,
      retry: { timeoutMs: config.timeout_seconds * 1000 },
      ...(tokenEnv
        ? {
            bearerToken: () =>
              readSecret(env, { connectorId, key: 'bearer_token_env', variable: tokenEnv }),
          }
        : {}),
    });
    return {
      reader: (queries) => prometheusMetricReader(client, queries),
      async checkConnection() {
        try {
          const { version } = await client.buildInfo();
          return { ok: true, message: `Prometheus ${version} at ${config.base_url}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
