import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import {
  describeCheckFailure,
  fetchWithRetry,
  VendorRejectedError,
} from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import type { StatusPageConnector } from '../status-page-connector.ts';
import { statuspageIncidentBody } from './statuspage-incident.ts';

const statuspageConfig = z.strictObject({
  page_id: z.string().min(1).meta({ description: 'Statuspage page id.' }),
  api_key_env: secretEnvSchema('Statuspage API key'),
  component_ids: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Statuspage components an incident affects.' }),
  deliver_notifications: z
    .boolean()
    .default(true)
    .meta({ description: 'Let Statuspage notify its subscribers.' }),
  api_url: z
    .url()
    .default('https://api.statuspage.io/v1')
    .meta({ description: 'API base URL (change only for tests or a proxy).' }),
});

/**
 * Atlassian Statuspage: an incident is created with `POST /pages/{page_id}/incidents` and
 * updated with `PATCH /pages/{page_id}/incidents/{id}` (`Authorization: OAuth <key>`). 429 and
 * 5xx are retried; any other 4xx fails the delivery.
 */
export const manifest = defineConnector({
  vendor: 'statuspage',
  kinds: ['status_page'],
  description: 'Atlassian Statuspage incidents (create, then update per status).',
  config: statuspageConfig,
  create(config, { connectorId, env }): StatusPageConnector {
    const pageUrl = `${config.api_url.replace(/\/$/, '')}/pages/${encodeURIComponent(config.page_id)}`;
    const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
      const key = readSecret(env, {
        connectorId,
        key: 'api_key_env',
        variable: config.api_key_env,
      });
      const answer = await fetchWithRetry({
        vendor: 'statuspage',
        url: `${pageUrl}${path}`,
        method,
        headers: { authorization: `OAuth ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (answer.status < 200 || answer.status >= 300) {
        throw new VendorRejectedError('statuspage', answer.status, answer.text.slice(0, 300));
      }
      return answer;
    };
    return {
      prepareIncident(update, existingId) {
        const body = statuspageIncidentBody({
          ...update,
          componentIds: config.component_ids,
          deliverNotifications: config.deliver_notifications,
        });
        return {
          request: { method: existingId ? 'PATCH' : 'POST', incident_id: existingId, ...body },
          async send() {
            const answer = existingId
              ? await call('PATCH', `/incidents/${encodeURIComponent(existingId)}`, body)
              : await call('POST', '/incidents', body);
            const id = (JSON.parse(answer.text || '{}') as { id?: unknown }).id;
            if (typeof id !== 'string') {
              throw new OperationalError('statuspage: the answer has no incident id', {
                retryable: false,
              });
            }
            return { http_status: answer.status, incident_id: id };
          },
        };
      },
      async checkConnection() {
        try {
          await call('GET', '');
          return { ok: true, message: `Statuspage page ${config.page_id} is reachable` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
