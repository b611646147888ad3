import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { type AlertChannel, alertChannelConfig } from '../alert-channel.ts';
import { postJson } from '../post-json.ts';
import { slackMessageFor } from './slack-message.ts';

const slackConfig = z.strictObject({
  webhook_url_env: secretEnvSchema('Slack incoming-webhook URL'),
  ...alertChannelConfig,
});

/**
 * Slack incoming webhooks: `200 ok` is sent; 400 `invalid_payload`, 403, 404, 410 fail the
 * delivery; 429 (honouring `Retry-After`) and 5xx are retried.
 */
export const manifest = defineConnector({
  vendor: 'slack',
  kinds: ['chat'],
  description: 'Slack incoming webhook (Block Kit message with a text fallback).',
  config: slackConfig,
  create(config, { connectorId, env }): AlertChannel {
    const webhookUrl = () =>
      readSecret(env, { connectorId, key: 'webhook_url_env', variable: config.webhook_url_env });
    return {
      vendorIdempotent: false,
      prepare(notice) {
        const message = slackMessageFor(notice);
        return {
          request: { ...message },
          async send() {
            const answer = await postJson({
              vendor: 'slack',
              url: webhookUrl(),
              body: JSON.stringify(message),
            });
            return { http_status: answer.status, body: answer.text };
          },
        };
      },
      prepareMessage(message) {
        const body = { text: message.text };
        return {
          request: body,
          async send() {
            const answer = await postJson({
              vendor: 'slack',
              url: webhookUrl(),
              body: JSON.stringify(body),
            });
            return { http_status: answer.status, body: answer.text };
          },
        };
      },
      async checkConnection() {
        try {
          const ok = webhookUrl().startsWith('https://hooks.slack.com/');
          return {
            ok,
            message: ok
              ? `${config.webhook_url_env} holds a Slack webhook URL (Slack has no dry run; not called)`
              : `${config.webhook_url_env} does not hold a https://hooks.slack.com/ URL`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
