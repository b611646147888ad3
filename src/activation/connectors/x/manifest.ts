import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../../shared/errors.ts';
import type { ActivationConnector } from '../../activation-connector.ts';
import { bearerJsonCaller, onlyCancel, stringAt, valueAt } from '../vendor-json.ts';
import { xMaxPostLength, xPostLength } from './x-post-length.ts';

const xConfig = z.strictObject({
  access_token_env: secretEnvSchema(
    'X OAuth 2.0 user-context access token (scopes tweet.read, tweet.write, users.read)',
  ),
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://api.x.com')
    .meta({ description: 'X API base URL (change only for tests or a proxy).' }),
});

/** X's error message: an RFC 7807 problem (`detail`, `title`) or an `errors[]` list. */
function xErrorMessage(body: unknown): string | undefined {
  return (
    stringAt(body, 'detail') ?? stringAt(body, 'title') ?? stringAt(body, 'errors', 0, 'message')
  );
}

/**
 * X API v2: a post is `POST /2/tweets` with `{text}` and `Authorization: Bearer <user token>`;
 * the answer `{data:{id,text}}` names the handle. X does not de-duplicate posts, and cannot
 * schedule them (the orchestrator sends at the due time). `cancel` deletes the post
 * (`DELETE /2/tweets/{id}`), so it is only meaningful once the post went out; pause and resume
 * do not exist. A post longer than 280 characters as X counts them (URLs count 23) is refused
 * before any call.
 */
export const manifest = defineConnector({
  vendor: 'x',
  kinds: ['social'],
  description:
    'X (Twitter) API v2 posts: POST /2/tweets; cancel deletes a sent post (DELETE /2/tweets/{id}).',
  config: xConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const call = bearerJsonCaller({
      vendor: 'x',
      baseUrl: config.base_url,
      env,
      token: { connectorId, key: 'access_token_env', variable: config.access_token_env },
      errorMessage: xErrorMessage,
    });
    return {
      vendorIdempotent: false,
      canSchedule: false,
      maxScheduleAheadMs: 0,
      prepare(message) {
        const length = xPostLength(message.text);
        if (length > xMaxPostLength) {
          throw new UserError(
            'post_too_long',
            `activation '${message.activationId}': the X post is ${length} characters as X counts them (URLs count 23); the limit is ${xMaxPostLength}`,
            { path: ['activations', message.activationId, 'text'] },
          );
        }
        const body = { text: message.text };
        return {
          request: { method: 'POST', path: '/2/tweets', body },
          async send() {
            const answer = await call('POST', '/2/tweets', body);
            const id = stringAt(answer.body, 'data', 'id');
            if (id === undefined) {
              throw new OperationalError('x: the answer has no post id (data.id)', {
                retryable: false,
              });
            }
            return { http_status: answer.status, handle: { vendor: 'x', id } };
          },
        };
      },
      async control(handle, action) {
        onlyCancel('x', action);
        const answer = await call('DELETE', `/2/tweets/${encodeURIComponent(handle.id)}`);
        return { http_status: answer.status, deleted: valueAt(answer.body, 'data', 'deleted') };
      },
      async checkConnection() {
        try {
          const answer = await call('GET', '/2/users/me');
          const username = stringAt(answer.body, 'data', 'username') ?? '?';
          return { ok: true, message: `X token posts as @${username}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
