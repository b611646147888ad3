import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import { sendJson } from '../../step-http.ts';
import type { RunbookConnector } from '../runbook-connector.ts';

const cloudflareConfig = z.strictObject({
  api_token_env: secretEnvSchema('Cloudflare API token (DNS edit and cache purge)'),
  zone_id: z.string().regex(/^[a-f0-9]{32}$/, { error: 'must be a 32-character zone id' }),
  api_url: z.url({ protocol: /^https?$/ }).default('https://api.cloudflare.com'),
});

/**
 * Cloudflare API v4: `PATCH /client/v4/zones/{zone_id}/dns_records/{id}` and
 * `POST /client/v4/zones/{zone_id}/purge_cache`, with a Bearer token. An answer with
 * `success: false` is a failure even with HTTP 200.
 */
export const manifest = defineConnector({
  vendor: 'cloudflare',
  kinds: ['dns', 'cdn'],
  description: 'Cloudflare DNS record updates and cache purges (API v4).',
  config: cloudflareConfig,
  create(config, { connectorId, env }): RunbookConnector {
    const zoneUrl = `${config.api_url}/client/v4/zones/${config.zone_id}`;
    const call = async (method: string, url: string, body: unknown, signal: AbortSignal) => {
      const token = readSecret(env, {
        connectorId,
        key: 'api_token_env',
        variable: config.api_token_env,
      });
      const answer = await sendJson({
        vendor: 'cloudflare',
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        body,
        signal,
      });
      if (answer.json.success === false) {
        throw new OperationalError(`cloudflare: ${JSON.stringify(answer.json.errors ?? [])}`, {
          retryable: false,
        });
      }
      return { http_status: answer.status, result: answer.json.result ?? null };
    };
    return {
      updateDnsRecord: (recordId, record, signal) =>
        call('PATCH', `${zoneUrl}/dns_records/${encodeURIComponent(recordId)}`, record, signal),
      purgeCache: (purge, signal) => call('POST', `${zoneUrl}/purge_cache`, purge, signal),
      async checkConnection() {
        try {
          const answer = await call('GET', zoneUrl, undefined, AbortSignal.timeout(10_000));
          return {
            ok: true,
            message: `zone ${config.zone_id} reachable (HTTP ${answer.http_status})`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
