import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import type { ActivationConnector } from '../../activation-connector.ts';
import { bearerJsonCaller, onlyCancel, stringAt } from '../vendor-json.ts';
import { linkedinPostBody } from './linkedin-post.ts';

const linkedinConfig = z.strictObject({
  access_token_env: secretEnvSchema(
    'LinkedIn OAuth 2.0 access token of a page admin (scope w_organization_social)',
  ),
  organization_urn: z
    .string()
    .regex(/^urn:li:organization:\d+$/, { error: 'must be urn:li:organization:<id>' })
    .meta({ description: 'The company page that authors the posts.' }),
  linkedin_version: z
    .string()
    .regex(/^\d{6}$/, { error: 'must be a YYYYMM version' })
    .default('202606')
    .meta({
      description:
        'LinkedIn-Version header (YYYYMM); LinkedIn supports each monthly version for about a year.',
    }),
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://api.linkedin.com')
    .meta({ description: 'LinkedIn API base URL (change only for tests or a proxy).' }),
});

/**
 * LinkedIn Posts API: `POST /rest/posts` (headers `LinkedIn-Version`, `X-Restli-Protocol-Version:
 * 2.0.0`) answers 201 with the post URN in `x-restli-id`. Posts are not de-duplicated and cannot
 * be scheduled through the API. `cancel` deletes a sent post (`DELETE /rest/posts/{urn}`); the
 * connection check reads the organization (`GET /rest/organizations/{id}`).
 */
export const manifest = defineConnector({
  vendor: 'linkedin',
  kinds: ['social'],
  description:
    'LinkedIn Posts API (organization text posts, little-text escaped); cancel deletes a sent post.',
  config: linkedinConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const call = bearerJsonCaller({
      vendor: 'linkedin',
      baseUrl: config.base_url,
      env,
      token: { connectorId, key: 'access_token_env', variable: config.access_token_env },
      extraHeaders: (method) => ({
        'linkedin-version': config.linkedin_version,
        'x-restli-protocol-version': '2.0.0',
        ...(method === 'DELETE' ? { 'x-restli-method': 'DELETE' } : {}),
      }),
      errorMessage: (answer) => stringAt(answer, 'message'),
    });
    return {
      vendorIdempotent: false,
      canSchedule: false,
      maxScheduleAheadMs: 0,
      prepare(message) {
        const body = linkedinPostBody(config.organization_urn, message.text);
        return {
          request: { method: 'POST', path: '/rest/posts', body },
          async send() {
            const answer = await call('POST', '/rest/posts', body);
            const id = answer.headers.get('x-restli-id');
            if (!id) {
              throw new OperationalError('linkedin: the answer has no x-restli-id header', {
                retryable: false,
              });
            }
            return { http_status: answer.status, handle: { vendor: 'linkedin', id } };
          },
        };
      },
      async control(handle, action) {
        onlyCancel('linkedin', action);
        const answer = await call('DELETE', `/rest/posts/${encodeURIComponent(handle.id)}`);
        return { http_status: answer.status, deleted: true };
      },
      async checkConnection() {
        try {
          const organizationId = config.organization_urn.split(':').at(-1) ?? '';
          const answer = await call('GET', `/rest/organizations/${organizationId}`);
          const name = stringAt(answer.body, 'localizedName') ?? config.organization_urn;
          return { ok: true, message: `LinkedIn token reaches the page ${name}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
