import { z } from 'zod';
import { callVendorJson, stringAt, valueAt } from '../../../activation/connectors/vendor-json.ts';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure, VendorRejectedError } from '../../../connectors/vendor-http.ts';
import type { TicketingConnector } from '../../ticketing-connector.ts';

const zendeskConfig = z.strictObject({
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be the subdomain of <subdomain>.zendesk.com' })
    .meta({ description: 'Zendesk account subdomain (acme for acme.zendesk.com).' }),
  email: z.email().meta({ description: 'E-mail address of the agent the API token belongs to.' }),
  api_token_env: secretEnvSchema('Zendesk API token'),
  base_url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ description: 'API base URL (default https://<subdomain>.zendesk.com; for tests).' }),
});

/** Tag of every ticket LaunchCrew opens, so tests are easy to find and filter out of reports. */
const testTicketTag = 'launchcrew-test';

/**
 * Zendesk's error as one line: `{error, description, details:{field:[{description}]}}` (422
 * `RecordInvalid`), `{error:"Couldn't authenticate you"}` (401) or `{error:{title, message}}`.
 */
function zendeskErrorMessage(body: unknown): string | undefined {
  const error = stringAt(body, 'error') ?? stringAt(body, 'error', 'title');
  const description = stringAt(body, 'description') ?? stringAt(body, 'error', 'message');
  const details = valueAt(body, 'details');
  const reasons = Object.values(typeof details === 'object' && details !== null ? details : {})
    .flatMap((list: unknown) => (Array.isArray(list) ? list : []))
    .map((detail: unknown) => stringAt(detail, 'description'))
    .filter((reason) => reason !== undefined);
  const head = [error, description].filter((part) => part !== undefined).join(': ');
  if (head === '' && reasons.length === 0) return undefined;
  return [head, ...reasons].filter((part) => part !== '').join(' — ');
}

/**
 * Zendesk Support API v2, HTTP Basic auth `{email}/token:{api_token}`: a ticket is
 * `POST /api/v2/tickets.json` `{ticket:{subject, comment:{body}, requester:{name,email}, tags}}`
 * (201 `{ticket:{id}}`), solved with `PUT /api/v2/tickets/{id}.json`
 * `{ticket:{status:'solved', comment:{body, public:false}}}`; the connection check reads
 * `GET /api/v2/users/me.json` (an anonymous user means the credentials were not accepted).
 * 429 (with `Retry-After`) and 5xx are retried; other 4xx fail with Zendesk's message.
 */
export const manifest = defineConnector({
  vendor: 'zendesk',
  kinds: ['ticketing'],
  description:
    'Zendesk Support tickets: create/resolve test tickets (POST/PUT /api/v2/tickets), API token auth.',
  config: zendeskConfig,
  create(config, { connectorId, env }): TicketingConnector {
    const baseUrl = (config.base_url ?? `https://${config.subdomain}.zendesk.com`).replace(
      /\/$/,
      '',
    );
    const call = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
      const token = readSecret(env, {
        connectorId,
        key: 'api_token_env',
        variable: config.api_token_env,
      });
      const credentials = Buffer.from(`${config.email}/token:${token}`).toString('base64');
      return callVendorJson({
        vendor: 'zendesk',
        method,
        url: `${baseUrl}${path}`,
        headers: {
          authorization: `Basic ${credentials}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        errorMessage: zendeskErrorMessage,
        secrets: [token, credentials],
      });
    };
    return {
      async createTicket({ subject, body, requester }) {
        const answer = await call('POST', '/api/v2/tickets.json', {
          ticket: {
            subject,
            comment: { body },
            requester: { name: requester.name, email: requester.email },
            tags: [testTicketTag],
          },
        });
        const id = valueAt(answer.body, 'ticket', 'id');
        if (typeof id !== 'number' && typeof id !== 'string') {
          throw new VendorRejectedError('zendesk', answer.status, 'the answer names no ticket id');
        }
        return { id: String(id) };
      },
      async resolveTicket(id) {
        await call('PUT', `/api/v2/tickets/${encodeURIComponent(id)}.json`, {
          ticket: {
            status: 'solved',
            comment: { body: 'Solved by LaunchCrew: ticketing test.', public: false },
          },
        });
      },
      async checkConnection() {
        try {
          const answer = await call('GET', '/api/v2/users/me.json');
          if (valueAt(answer.body, 'user', 'id') == null) {
            return {
              ok: false,
              message: `Zendesk answered as an anonymous user: ${config.email} and the token in ${config.api_token_env} were not accepted`,
            };
          }
          const role = stringAt(answer.body, 'user', 'role') ?? 'unknown role';
          return { ok: true, message: `signed in to ${baseUrl} as ${config.email} (${role})` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
