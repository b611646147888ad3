import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import type { ActivationConnector } from '../../activation-connector.ts';
import {
  type CampaignState,
  campaignConfigFields,
  campaignIdFor,
  campaignSwitch,
} from '../campaign-switch.ts';
import { callVendorJson, stringAt, valueAt } from '../vendor-json.ts';

const customerIdSchema = z.string().regex(/^\d{10}$/, { error: 'must be 10 digits, no dashes' });

const googleAdsConfig = z.strictObject({
  access_token_env: secretEnvSchema('Google OAuth 2.0 access token (scope adwords)'),
  developer_token_env: secretEnvSchema('Google Ads API developer token'),
  customer_id: customerIdSchema.meta({ description: 'Google Ads account of the campaigns.' }),
  login_customer_id: customerIdSchema
    .optional()
    .meta({ description: 'Manager account to call through (login-customer-id header).' }),
  api_version: z
    .string()
    .regex(/^v\d+$/, { error: 'must be a Google Ads API version such as v26' })
    .default('v26')
    .meta({ description: 'Google Ads API version.' }),
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://googleads.googleapis.com')
    .meta({ description: 'Google Ads API base URL (change only for tests or a proxy).' }),
  ...campaignConfigFields,
});

/** Google's campaign status enum: ENABLED (the ACTIVE) or PAUSED. */
const googleStatus: Record<CampaignState, string> = { on: 'ENABLED', off: 'PAUSED' };

/** `{error:{code,message,status,details:[{errors:[{message}]}]}}` as one line. */
function googleErrorMessage(body: unknown): string | undefined {
  const message = stringAt(body, 'error', 'message');
  if (message === undefined) return undefined;
  const details = valueAt(body, 'error', 'details');
  const reasons = (Array.isArray(details) ? details : []).flatMap((detail: unknown) => {
    const errors = valueAt(detail, 'errors');
    return Array.isArray(errors) ? errors.map((error: unknown) => stringAt(error, 'message')) : [];
  });
  const status = stringAt(body, 'error', 'status');
  return [status ? `${status}: ${message}` : message, ...reasons.filter(Boolean)].join(' — ');
}

/**
 * Google Ads API (REST): an activation sets an existing campaign's status with
 * `POST /{version}/customers/{customer_id}/campaigns:mutate`, body `{operations:[{update:
 * {resourceName, status}, updateMask:'status'}]}` and headers `Authorization: Bearer`,
 * `developer-token` (and `login-customer-id` through a manager). Google's enum is
 * ENABLED/PAUSED, so the ACTIVE maps to ENABLED; pause and cancel set PAUSED, resume
 * ENABLED. The connection check is a `googleAds:search` of the customer. The access token is
 * short-lived: refreshing it (OAuth refresh token) happens outside LaunchCrew.
 */
export const manifest = defineConnector({
  vendor: 'google-ads',
  kinds: ['ads'],
  description:
    'Google Ads API campaigns:mutate: switches a configured campaign ENABLED (ACTIVE) at T0; pause/cancel → PAUSED, resume → ENABLED.',
  config: googleAdsConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const customerPath = `/${config.api_version}/customers/${config.customer_id}`;
    const call = (path: string, body: unknown) => {
      const accessToken = readSecret(env, {
        connectorId,
        key: 'access_token_env',
        variable: config.access_token_env,
      });
      const developerToken = readSecret(env, {
        connectorId,
        key: 'developer_token_env',
        variable: config.developer_token_env,
      });
      return callVendorJson({
        vendor: 'google-ads',
        url: `${config.base_url.replace(/\/$/, '')}${path}`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'developer-token': developerToken,
          'content-type': 'application/json',
          ...(config.login_customer_id ? { 'login-customer-id': config.login_customer_id } : {}),
        },
        body: JSON.stringify(body),
        errorMessage: googleErrorMessage,
        secrets: [accessToken, developerToken],
      });
    };
    const mutateBody = (campaignId: string, state: CampaignState) => ({
      operations: [
        {
          update: {
            resourceName: `customers/${config.customer_id}/campaigns/${campaignId}`,
            status: googleStatus[state],
          },
          updateMask: 'status',
        },
      ],
    });
    return campaignSwitch({
      vendor: 'google-ads',
      campaignIdFor: (activationId) => campaignIdFor(config, activationId),
      describe: (campaignId, state) => ({
        method: 'POST',
        path: `${customerPath}/campaigns:mutate`,
        body: mutateBody(campaignId, state),
      }),
      async setState(campaignId, state) {
        const answer = await call(
          `${customerPath}/campaigns:mutate`,
          mutateBody(campaignId, state),
        );
        return {
          http_status: answer.status,
          resource_name: stringAt(answer.body, 'results', 0, 'resourceName'),
          status: googleStatus[state],
        };
      },
      async checkConnection() {
        try {
          const answer = await call(`${customerPath}/googleAds:search`, {
            query: 'SELECT customer.id, customer.descriptive_name FROM customer',
          });
          const name =
            stringAt(answer.body, 'results', 0, 'customer', 'descriptiveName') ??
            config.customer_id;
          return { ok: true, message: `Google Ads account ${name} is reachable` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    });
  },
});
