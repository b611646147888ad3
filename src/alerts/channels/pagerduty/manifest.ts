import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { type AlertChannel, alertChannelConfig } from '../alert-channel.ts';
import { postJson } from '../post-json.ts';
import { pagerDutyEventFor } from './pagerduty-event.ts';

const pagerDutyConfig = z.strictObject({
  routing_key_env: secretEnvSchema('PagerDuty integration (routing) key'),
  events_url: z
    .url({ protocol: /^https?$/ })
    .default('https://events.pagerduty.com/v2/enqueue')
    .meta({
      description: 'Events API v2 address (EU: https://events.eu.pagerduty.com/v2/enqueue).',
    }),
  ...alertChannelConfig,
});

/**
 * PagerDuty Events API v2: `202` is sent; 400 fails the delivery; 429 and 5xx are retried.
 * PagerDuty de-duplicates on `dedup_key`, so a send of unknown outcome may be repeated.
 */
export const manifest = defineConnector({
  vendor: 'pagerduty',
  kinds: ['paging'],
  description: 'PagerDuty Events API v2 (trigger and resolve with a stable dedup_key).',
  config: pagerDutyConfig,
  create(config, { connectorId, env }): AlertChannel {
    const routingKey = () =>
      readSecret(env, { connectorId, key: 'routing_key_env', variable: config.routing_key_env });
    return {
      vendorIdempotent: true,
      prepare(notice) {
        const event = pagerDutyEventFor(notice);
        return {
          request: { routing_key_env: config.routing_key_env, ...event },
          async send() {
            const answer = await postJson({
              vendor: 'pagerduty',
              url: config.events_url,
              body: JSON.stringify({ routing_key: routingKey(), ...event }),
            });
            return { http_status: answer.status, answer: parseJsonObject(answer.text) };
          },
        };
      },
      async checkConnection() {
        try {
          const ok = /^[a-zA-Z0-9]{32}$/.test(routingKey());
          return {
            ok,
            message: ok
              ? `${config.routing_key_env} holds a routing key (not called: an event would page)`
              : `${config.routing_key_env} does not look like a 32-character routing key`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
