import { z } from 'zod';
import { systemClock } from '../../../clock/clock.ts';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../../shared/errors.ts';
import {
  type ActivationConnector,
  type ActivationHandle,
  type ActivationMessage,
  isScheduledSend,
  type PreparedActivation,
  seedTestMessage,
} from '../../activation-connector.ts';
import { stringAt, valueAt } from '../vendor-json.ts';
import { callSendgrid, type SendgridAccount } from './sendgrid-api.ts';
import { sendgridMailBody, sendgridMaxRecipients } from './sendgrid-mail.ts';

const sendgridConfig = z.strictObject({
  api_key_env: secretEnvSchema('SendGrid API key (scope mail.send)'),
  from_email: z.email().meta({ description: 'Verified sender address.' }),
  from_name: z.string().min(1).optional().meta({ description: 'Sender display name.' }),
  categories: z
    .array(z.string().min(1).max(255))
    .max(10)
    .optional()
    .meta({ description: 'SendGrid categories for statistics (at most 10).' }),
  asm_group_id: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'Unsubscribe group (ASM) the mail belongs to.' }),
  sandbox_mode: z
    .boolean()
    .default(false)
    .meta({ description: 'SendGrid validates but does not deliver (rehearsals).' }),
  base_url: z
    .url()
    .default('https://api.sendgrid.com')
    .meta({ description: 'API base URL (change only for tests, a proxy or the EU region).' }),
});

/** SendGrid holds a scheduled send (`send_at`) at most 72 hours. */
const maxScheduleAheadMs = 72 * 3_600_000;

/**
 * SendGrid v3 Mail Send: one personalization per recipient, ≤ 1000 per send (the send job splits a
 * larger audience into parts sharing one batch from `openBatch`); a scheduled send otherwise gets
 * its own `batch_id` (`POST /v3/mail/batch`). The batch is the handle that cancels or pauses
 * (`POST /v3/user/scheduled_sends` the first time, then `PATCH /v3/user/scheduled_sends/{batch_id}`)
 * and resumes (`DELETE /v3/user/scheduled_sends/{batch_id}`) it. 429/5xx are retried; other 4xx
 * fail with SendGrid's `errors[].message`.
 */
export const manifest = defineConnector({
  vendor: 'sendgrid',
  kinds: ['email'],
  description: 'SendGrid v3 Mail Send (scheduled sends with a cancellable batch).',
  config: sendgridConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const account: SendgridAccount = {
      baseUrl: config.base_url,
      apiKey: () =>
        readSecret(env, { connectorId, key: 'api_key_env', variable: config.api_key_env }),
    };
    const settings = {
      fromEmail: config.from_email,
      fromName: config.from_name,
      categories: config.categories,
      asmGroupId: config.asm_group_id,
      sandboxMode: config.sandbox_mode,
    };
    const prepareMail = (message: ActivationMessage): PreparedActivation => {
      const sendAt = isScheduledSend(message)
        ? Math.floor(message.sendAt.getTime() / 1000)
        : undefined;
      const sharedBatchId = message.batch?.id;
      const body = sendgridMailBody(
        { ...message, recipients: message.recipients.slice(0, 1) },
        settings,
        { batchId: sharedBatchId, sendAt },
      );
      return {
        request: {
          ...body,
          personalizations: `${message.recipients.length} recipient(s), one each`,
          ...(sharedBatchId === undefined && sendAt !== undefined
            ? { batch_id: '(created at send)' }
            : {}),
        },
        async send() {
          if (message.listId !== undefined) {
            throw new UserError(
              'unsupported_audience',
              `connector '${connectorId}' (sendgrid) sends to the addresses of an inline audience, not to list '${message.listId}'`,
            );
          }
          if (message.recipients.length === 0) {
            throw new UserError(
              'no_recipients',
              `connector '${connectorId}' (sendgrid): the audience has no addresses`,
            );
          }
          if (message.recipients.length > sendgridMaxRecipients) {
            throw new UserError(
              'too_many_recipients',
              `connector '${connectorId}' (sendgrid): ${message.recipients.length} recipients in one send; at most ${sendgridMaxRecipients} (split into parts)`,
            );
          }
          const now = message.now ?? systemClock.now();
          if (
            sendAt !== undefined &&
            message.sendAt.getTime() - now.getTime() > maxScheduleAheadMs
          ) {
            throw new UserError(
              'schedule_too_far',
              `connector '${connectorId}' (sendgrid): send_at is more than 72 h ahead`,
            );
          }
          const batchId =
            sharedBatchId ?? (sendAt === undefined ? undefined : await createBatch(account));
          const answer = await callSendgrid(
            account,
            'POST',
            '/v3/mail/send',
            sendgridMailBody(message, settings, { batchId, sendAt }),
          );
          return {
            http_status: answer.status,
            message_id: answer.headers.get('x-message-id') ?? '',
            ...(sendAt === undefined ? {} : { send_at: sendAt }),
            ...(batchId === undefined ? {} : { handle: batchHandle(batchId) }),
          };
        },
      };
    };
    return {
      vendorIdempotent: false,
      canSchedule: true,
      maxScheduleAheadMs,
      maxRecipientsPerSend: sendgridMaxRecipients,
      openBatch: async () => batchHandle(await createBatch(account)),
      prepare: prepareMail,
      prepareTest: (message, seedInboxes) => prepareMail(seedTestMessage(message, seedInboxes)),
      async control(handle, action) {
        const batchId = handle.id;
        const path = `/v3/user/scheduled_sends/${encodeURIComponent(batchId)}`;
        if (action === 'resume') {
          const answer = await callSendgrid(account, 'DELETE', path);
          return {
            http_status: answer.status,
            batch_id: batchId,
            status: 'resumed',
            handle: batchHandle(batchId),
          };
        }
        // the first status of a batch is created (POST); a batch that has one is updated (PATCH)
        const answer =
          typeof handle.status === 'string'
            ? await callSendgrid(account, 'PATCH', path, { status: action })
            : await callSendgrid(account, 'POST', '/v3/user/scheduled_sends', {
                batch_id: batchId,
                status: action,
              });
        return {
          http_status: answer.status,
          batch_id: batchId,
          status: action,
          handle: { ...batchHandle(batchId), status: action },
        };
      },
      async checkConnection() {
        try {
          const answer = await callSendgrid(account, 'GET', '/v3/scopes');
          const scopes = valueAt(answer.body, 'scopes');
          const canSend = Array.isArray(scopes) && scopes.includes('mail.send');
          return {
            ok: canSend,
            message: canSend
              ? `SendGrid accepts the key in ${config.api_key_env} (scope mail.send)`
              : `the SendGrid key in ${config.api_key_env} lacks the mail.send scope`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});

/** The handle of a batch; `status` (pause, cancel) once one is set at SendGrid. */
function batchHandle(batchId: string): ActivationHandle {
  return { vendor: 'sendgrid', id: batchId };
}

/** A new `batch_id` (`POST /v3/mail/batch` → 201 `{"batch_id": …}`). */
async function createBatch(account: SendgridAccount): Promise<string> {
  const answer = await callSendgrid(account, 'POST', '/v3/mail/batch');
  const batchId = stringAt(answer.body, 'batch_id');
  if (!batchId) {
    throw new OperationalError('sendgrid: POST /v3/mail/batch answered without a batch_id', {
      retryable: false,
    });
  }
  return batchId;
}
