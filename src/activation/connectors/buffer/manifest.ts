import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import type { ActivationConnector } from '../../activation-connector.ts';
import { onlyCancel, stringAt } from '../vendor-json.ts';
import {
  accountQuery,
  bufferGraphql,
  createPostMutation,
  deletePostMutation,
} from './buffer-graphql.ts';

const bufferConfig = z.strictObject({
  api_key_env: secretEnvSchema('Buffer API key (Buffer → Settings → API)'),
  channel_id: z
    .string()
    .min(1)
    .meta({ description: 'Buffer channel (connected social profile) that publishes the posts.' }),
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://api.buffer.com')
    .meta({ description: 'Buffer GraphQL endpoint (change only for tests or a proxy).' }),
});

/** Buffer documents no limit on how far ahead a post may be scheduled; we allow a year. */
const maxScheduleAheadMs = 365 * 24 * 60 * 60 * 1000;

/**
 * Buffer's current GraphQL API (the v1 REST API at api.bufferapp.com/1 is legacy; Buffer's
 * docs now document only GraphQL). A post is `createPost` with `schedulingType: automatic` and
 * `mode: customScheduled` + `dueAt` (a future `sendAt`) or `mode: shareNow`; the post id is the
 * handle, and `cancel` is `deletePost` (before or after it went out). Posts are not
 * de-duplicated; pause and resume do not exist. The connection check reads `account { id }`.
 */
export const manifest = defineConnector({
  vendor: 'buffer',
  kinds: ['social'],
  description:
    'Buffer GraphQL API (api.buffer.com): createPost scheduled at sendAt (customScheduled) or shareNow; cancel = deletePost.',
  config: bufferConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const endpoint = () => ({
      url: config.base_url,
      apiKey: readSecret(env, { connectorId, key: 'api_key_env', variable: config.api_key_env }),
    });
    return {
      vendorIdempotent: false,
      canSchedule: true,
      maxScheduleAheadMs,
      prepare(message) {
        const scheduled = message.sendAt.getTime() > Date.now();
        const input = {
          text: message.text,
          channelId: config.channel_id,
          schedulingType: 'automatic',
          ...(scheduled
            ? { mode: 'customScheduled', dueAt: message.sendAt.toISOString() }
            : { mode: 'shareNow' }),
        };
        return {
          request: { operation: 'createPost', input },
          async send() {
            const { status, data } = await bufferGraphql(endpoint(), createPostMutation, { input });
            const id = stringAt(data, 'createPost', 'post', 'id');
            if (id === undefined) {
              throw new OperationalError('buffer: the answer has no post id', { retryable: false });
            }
            const dueAt = stringAt(data, 'createPost', 'post', 'dueAt');
            return { http_status: status, due_at: dueAt, handle: { vendor: 'buffer', id } };
          },
        };
      },
      async control(handle, action) {
        onlyCancel('buffer', action);
        const { status, data } = await bufferGraphql(endpoint(), deletePostMutation, {
          input: { id: handle.id },
        });
        return { http_status: status, deleted: stringAt(data, 'deletePost', 'id') ?? handle.id };
      },
      async checkConnection() {
        try {
          const { data } = await bufferGraphql(endpoint(), accountQuery);
          return {
            ok: true,
            message: `Buffer API key reaches account ${stringAt(data, 'account', 'id') ?? '?'}`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
