import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import type { ActivationConnector } from '../../activation-connector.ts';
import {
  type CampaignState,
  campaignConfigFields,
  campaignIdFor,
  campaignSwitch,
} from '../campaign-switch.ts';
import { callVendorJson, stringAt, valueAt } from '../vendor-json.ts';

const metaAdsConfig = z.strictObject({
  access_token_env: secretEnvSchema('Meta Marketing API access token (scope ads_management)'),
  api_version: z
    .string()
    .regex(/^v\d+\.\d+$/, { error: 'must be a Graph API version such as v25.0' })
    .default('v25.0')
    .meta({ description: 'Graph API version of the Marketing API calls.' }),
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://graph.facebook.com')
    .meta({ description: 'Graph API base URL (change only for tests or a proxy).' }),
  ...campaignConfigFields,
});

const metaStatus: Record<CampaignState, string> = { on: 'ACTIVE', off: 'PAUSED' };

/** Graph API error codes of temporary faults and throttling, which Meta answers with a 4xx. */
const transientCodes = new Set([1, 2, 4, 17, 32, 341, 613]);

function metaErrorMessage(body: unknown): string | undefined {
  const message = stringAt(body, 'error', 'message');
  const userMessage = stringAt(body, 'error', 'error_user_msg');
  if (message === undefined) return userMessage;
  return userMessage === undefined ? message : `${message} (${userMessage})`;
}

function isTransientMetaError(body: unknown): boolean {
  const code = valueAt(body, 'error', 'code');
  return typeof code === 'number' && (transientCodes.has(code) || (code >= 80000 && code <= 80014));
}

/**
 * Meta Marketing API: an activation sets an existing campaign's status,
 * `POST /{api_version}/{campaign_id}` with form fields `status=ACTIVE` and `access_token`,
 * answered `{success:true}`; pause and cancel set `PAUSED`, resume `ACTIVE`. Graph API errors
 * (`{error:{message,type,code,error_subcode,fbtrace_id}}`) fail the send, except throttling and
 * temporary codes (1, 2, 4, 17, 32, 341, 613, 80000–80014), retried later. The connection check
 * is `GET /{api_version}/me`.
 */
export const manifest = defineConnector({
  vendor: 'meta-ads',
  kinds: ['ads'],
  description:
    'Meta (Facebook/Instagram) Marketing API: switches a configured campaign ACTIVE at T0; pause/cancel → PAUSED, resume → ACTIVE.',
  config: metaAdsConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const versionUrl = `${config.base_url.replace(/\/$/, '')}/${config.api_version}`;
    const token = () =>
      readSecret(env, { connectorId, key: 'access_token_env', variable: config.access_token_env });
    return campaignSwitch({
      vendor: 'meta-ads',
      campaignIdFor: (activationId) => campaignIdFor(config, activationId),
      describe: (campaignId, state) => ({
        method: 'POST',
        path: `/${config.api_version}/${campaignId}`,
        form: { status: metaStatus[state] },
      }),
      async setState(campaignId, state) {
        const accessToken = token();
        const answer = await callVendorJson({
          vendor: 'meta-ads',
          url: `${versionUrl}/${encodeURIComponent(campaignId)}`,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            status: metaStatus[state],
            access_token: accessToken,
          }).toString(),
          errorMessage: metaErrorMessage,
          transient4xx: isTransientMetaError,
          secrets: [accessToken],
        });
        if (valueAt(answer.body, 'success') !== true) {
          throw new OperationalError('meta-ads: the answer is not {success:true}', {
            retryable: false,
          });
        }
        return { http_status: answer.status, campaign_id: campaignId, status: metaStatus[state] };
      },
      async checkConnection() {
        try {
          const accessToken = token();
          const answer = await callVendorJson({
            vendor: 'meta-ads',
            url: `${versionUrl}/me?${new URLSearchParams({ access_token: accessToken })}`,
            errorMessage: metaErrorMessage,
            secrets: [accessToken],
          });
          const name = stringAt(answer.body, 'name') ?? stringAt(answer.body, 'id') ?? '?';
          return { ok: true, message: `Meta token belongs to ${name}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    });
  },
});
