import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import type { MetricSourceConnector } from '../metric-source-registry.ts';
import { createDatadogClient } from './datadog-client.ts';
import { datadogMetricReader } from './datadog-reader.ts';

const datadogSites = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'ddog-gov.com',
] as const;

const datadogConfig = z.strictObject({
  site: z.enum(datadogSites).default('datadoghq.com'),
  api_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ description: 'Overrides the API address derived from `site` (e.g. a proxy).' }),
  api_key_env: secretEnvSchema('Datadog API key'),
  app_key_env: secretEnvSchema('Datadog application key'),
  timeout_seconds: z.number().min(1).max(120).default(10),
});

/** Datadog as a metric source: a metrics query per metric (API v1 `/api/v1/query`). */
export const manifest = defineConnector({
  vendor: 'datadog',
  kinds: ['metric_source'],
  description: 'Datadog metrics query API v1 (timeseries points).',
  config: datadogConfig,
  create(config, { connectorId, env }): MetricSourceConnector {
    const client = createDatadogClient({
      apiUrl: config.api_url ?? `https://api.${config.site}`,
      retry: { timeoutMs: config.timeout_seconds * 1000 },
      keys: () => ({
        apiKey: readSecret(env, { connectorId, key: 'api_key_env', variable: config.api_key_env }),
        applicationKey: readSecret(env, {
          connectorId,
          key: 'app_key_env',
          variable: config.app_key_env,
        }),
      }),
    });
    return {
      reader: (queries) => datadogMetricReader(client, queries),
      async checkConnection() {
        try {
          const valid = await client.validate();
          return valid
            ? { ok: true, message: `Datadog API key valid (${config.site})` }
            : { ok: false, message: 'Datadog says the API key is not valid' };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
