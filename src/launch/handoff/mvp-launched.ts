/**
 * The `MVP_LAUNCHED` event to Stage 32: a signed webhook (the generic webhook's HMAC recipe,
 * `X-LaunchCrew-Signature` and `X-LaunchCrew-Event-Id`) to every `webhook` connector of the plan
 * whose `events` include `MVP_LAUNCHED`, and to `LAUNCHCREW_STAGE32_WEBHOOK_URL` signed with
 * `LAUNCHCREW_STAGE32_WEBHOOK_SECRET` when set. 2xx is sent; 429/5xx are retried; other
 * answers fail the delivery.
 */

import { postJson } from '../../alerts/channels/post-json.ts';
import { webhookConfig } from '../../alerts/channels/webhook/manifest.ts';
import {
  eventIdHeader,
  signatureHeader,
  signWebhookBody,
} from '../../alerts/channels/webhook/webhook-signature.ts';
import type { PreparedSend } from '../../comms/comms-delivery.ts';
import { parseConnectorConfig } from '../../connectors/connector-manifest.ts';
import { readSecret, type SecretEnv } from '../../connectors/connector-secrets.ts';
import type { LaunchPlan } from '../../plan/schema.ts';

/** Environment variables of the Stage 32 receiver outside the plan. */
export const stage32UrlEnv = 'LAUNCHCREW_STAGE32_WEBHOOK_URL';
export const stage32SecretEnv = 'LAUNCHCREW_STAGE32_WEBHOOK_SECRET';

/** The body of the `MVP_LAUNCHED` event. */
export interface MvpLaunchedEvent {
  type: 'MVP_LAUNCHED';
  /** Unique per launch, stable across retries: receivers de-duplicate on it. */
  id: string;
  occurred_at: string;
  venture: { id: string; name: string; stage: 32 };
  launch: { id: string; t0: string; live_at: string | null; succeeded_at: string | null };
  handoff_url: string;
}

/** Where the event goes: a ledger-key suffix and the signed POST. */
export interface Stage32Target {
  id: string;
  prepare(event: MvpLaunchedEvent, sentAt: Date): PreparedSend;
}

/**
 * The receivers of `MVP_LAUNCHED` for a plan (`connector:<id>` for subscribed webhook connectors,
 * `env:stage32` for the environment's receiver).
 *
 * @example
 * stage32Targets(plan, process.env).map((t) => t.id); // ['connector:stage32-hook']
 */
export function stage32Targets(plan: LaunchPlan, env: SecretEnv): Stage32Target[] {
  const fromPlan = plan.connectors
    .filter((connector) => connector.vendor === 'webhook')
    .flatMap((connector) => {
      const config = parseConnectorConfig({ vendor: 'webhook', config: webhookConfig }, connector);
      if (!config.events.includes('MVP_LAUNCHED')) return [];
      const secret = () =>
        readSecret(env, {
          connectorId: connector.id,
          key: 'secret_env',
          variable: config.secret_env,
        });
      return [signedTarget(`connector:${connector.id}`, config.url, secret)];
    });
  const url = env[stage32UrlEnv];
  if (!url) return fromPlan;
  const secret = () =>
    readSecret(env, { connectorId: 'stage32', key: 'env', variable: stage32SecretEnv });
  return [...fromPlan, signedTarget('env:stage32', url, secret)];
}

function signedTarget(id: string, url: string, secret: () => string): Stage32Target {
  return {
    id,
    prepare(event, sentAt) {
      const body = JSON.stringify(event);
      return {
        request: { target: id, url, ...event },
        async send() {
          const answer = await postJson({
            vendor: 'webhook',
            url,
            body,
            headers: {
              [signatureHeader]: signWebhookBody(secret(), body, sentAt),
              [eventIdHeader]: event.id,
            },
          });
          return { http_status: answer.status };
        },
      };
    },
  };
}
