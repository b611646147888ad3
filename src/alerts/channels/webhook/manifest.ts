import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { type AlertChannel, alertChannelConfig } from '../alert-channel.ts';
import { postJson } from '../post-json.ts';
import { eventIdHeader, signatureHeader, signWebhookBody } from './webhook-signature.ts';

/** Launch lifecycle events a webhook may subscribe to besides alerts. */
export const webhookLifecycleEvents = ['MVP_LAUNCHED'] as const;

/**
 * The webhook connector's config (exported for the Stage 32 handoff, which signs its own event).
 *
 * @example
 * webhookConfig.parse({ url: 'https://hooks.example/lc', secret_env: 'HOOK_SECRET', events: ['MVP_LAUNCHED'] });
 */
export const webhookConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).meta({ description: 'Where to POST alert events.' }),
  secret_env: secretEnvSchema('HMAC signing secret'),
  events: z.array(z.enum(webhookLifecycleEvents)).default([]).meta({
    description:
      'Launch lifecycle events to receive as well (MVP_LAUNCHED: the Stage 32 handoff); default none.',
  }),
  ...alertChannelConfig,
});

/**
 * A generic signed webhook for any receiver (an internal bot, an incident tool): POSTs the
 * alert as JSON with `X-LaunchCrew-Signature` and `X-LaunchCrew-Event-Id`. 2xx is sent;
 * 429/5xx are retried; other answers fail the delivery.
 */
export const manifest = defineConnector({
  vendor: 'webhook',
  kinds: ['chat', 'paging'],
  description: 'Signed generic webhook (HMAC-SHA256, X-LaunchCrew-Signature).',
  config: webhookConfig,
  create(config, { connectorId, env }): AlertChannel {
    const secret = () =>
      readSecret(env, { connectorId, key: 'secret_env', variable: config.secret_env });
    /** A signed POST of `payload` (its `id` is the event id receivers de-duplicate on). */
    const signedPost = (payload: { id: string } & Record<string, unknown>, sentAt: Date) => {
      const body = JSON.stringify(payload);
      return {
        request: payload,
        async send() {
          const answer = await postJson({
            vendor: 'webhook',
            url: config.url,
            body,
            headers: {
              [signatureHeader]: signWebhookBody(secret(), body, sentAt),
              [eventIdHeader]: payload.id,
            },
          });
          return { http_status: answer.status };
        },
      };
    };
    return {
      vendorIdempotent: false,
      prepare(notice) {
        const { event, launch } = notice;
        return signedPost(
          {
            id: event.id,
            type: `trigger.${event.state}`,
            sent_at: notice.sentAt.toISOString(),
            launch: {
              id: launch.id,
              venture_id: launch.ventureId,
              venture_name: launch.ventureName,
            },
            alert: {
              title: notice.title,
              summary: notice.summary,
              dedup_key: notice.dedupKey,
              recipients: notice.recipients.map((person) => person.id),
            },
            event,
          },
          notice.sentAt,
        );
      },
      prepareMessage(message) {
        return signedPost(
          {
            id: message.id,
            type: 'message',
            sent_at: message.sentAt.toISOString(),
            title: message.title,
            text: message.text,
          },
          message.sentAt,
        );
      },
      async checkConnection() {
        try {
          secret();
          return { ok: true, message: `signing secret set; events go to ${config.url}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
