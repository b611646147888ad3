import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../../shared/errors.ts';
import {
  type ActivationConnector,
  type ActivationMessage,
  isScheduledSend,
  seedTestMessage,
} from '../../activation-connector.ts';
import { callMailchimp, type MailchimpAccount, mailchimpBaseUrl } from './mailchimp-api.ts';
import { mailchimpScheduleTime } from './mailchimp-schedule.ts';

const mailchimpConfig = z.strictObject({
  api_key_env: secretEnvSchema('Mailchimp API key'),
  server_prefix: z
    .string()
    .regex(/^[a-z]+\d+$/, { error: 'must be a data center, e.g. us19' })
    .optional()
    .meta({ description: 'Data center (e.g. us19); by default the suffix of the API key.' }),
  from_name: z.string().min(1).meta({ description: 'Sender name of the campaigns.' }),
  reply_to: z.email().meta({ description: 'Reply-to address (verified in Mailchimp).' }),
  base_url: z
    .url()
    .optional()
    .meta({ description: 'API root (change only for tests or a proxy).' }),
});

type CampaignMessage = Pick<ActivationMessage, 'title' | 'subject' | 'text' | 'html' | 'listId'>;

/**
 * Mailchimp Marketing API campaigns to a `kind: list` audience: create (`POST /campaigns`), set
 * the content, pass the send checklist, then send now or schedule on the quarter hour; the
 * campaign id is the handle that unschedules (cancel, pause) and schedules again (resume).
 */
export const manifest = defineConnector({
  vendor: 'mailchimp',
  kinds: ['email'],
  description: 'Mailchimp Marketing API campaigns (checklist, schedule on the quarter hour).',
  config: mailchimpConfig,
  create(config, { connectorId, env }): ActivationConnector {
    const apiKey = () =>
      readSecret(env, { connectorId, key: 'api_key_env', variable: config.api_key_env });
    const account: MailchimpAccount = {
      apiKey,
      baseUrl: () =>
        mailchimpBaseUrl({
          apiKey: apiKey(),
          connectorId,
          serverPrefix: config.server_prefix,
          baseUrl: config.base_url,
        }),
    };
    const campaignBody = (message: CampaignMessage) => ({
      type: 'regular',
      ...(message.listId ? { recipients: { list_id: message.listId } } : {}),
      settings: {
        subject_line: message.subject ?? message.title,
        title: message.title,
        from_name: config.from_name,
        reply_to: config.reply_to,
      },
    });
    const contentBody = (message: CampaignMessage) => ({
      plain_text: message.text,
      ...(message.html ? { html: message.html } : {}),
    });
    /** Creates the campaign with its content; returns its id. */
    const createCampaign = async (message: CampaignMessage): Promise<string> => {
      const campaign = await callMailchimp(account, 'POST', '/campaigns', campaignBody(message));
      if (typeof campaign.id !== 'string') {
        throw new OperationalError('mailchimp: POST /campaigns answered without an id', {
          retryable: false,
        });
      }
      await callMailchimp(
        account,
        'PUT',
        campaignPath(campaign.id, '/content'),
        contentBody(message),
      );
      return campaign.id;
    };
    const schedule = async (campaignId: string, scheduleTime: string) =>
      callMailchimp(account, 'POST', campaignPath(campaignId, '/actions/schedule'), {
        schedule_time: scheduleTime,
      });
    return {
      vendorIdempotent: false,
      canSchedule: true,
      maxScheduleAheadMs: Number.POSITIVE_INFINITY,
      prepare(message) {
        const scheduleTime = isScheduledSend(message)
          ? mailchimpScheduleTime(message.sendAt)
          : undefined;
        return {
          request: {
            campaign: campaignBody(message),
            content: contentBody(message),
            ...(scheduleTime ? { schedule_time: scheduleTime } : { action: 'send' }),
          },
          async send() {
            if (!message.listId) {
              throw new UserError(
                'no_list',
                `connector '${connectorId}' (mailchimp) sends to a kind: list audience (its list_id); this activation has none`,
              );
            }
            const campaignId = await createCampaign(message);
            await requireReadyChecklist(account, campaignId, connectorId);
            if (scheduleTime) {
              await schedule(campaignId, scheduleTime);
              return {
                campaign_id: campaignId,
                schedule_time: scheduleTime,
                handle: { vendor: 'mailchimp', id: campaignId, schedule_time: scheduleTime },
              };
            }
            await callMailchimp(account, 'POST', campaignPath(campaignId, '/actions/send'));
            return { campaign_id: campaignId, handle: { vendor: 'mailchimp', id: campaignId } };
          },
        };
      },
      prepareTest(message, seedInboxes) {
        const test = { ...seedTestMessage(message, seedInboxes), listId: message.listId };
        const body = { test_emails: seedInboxes, send_type: 'html' };
        return {
          request: { campaign: campaignBody(test), content: contentBody(test), test: body },
          async send() {
            const campaignId = await createCampaign(test);
            await callMailchimp(account, 'POST', campaignPath(campaignId, '/actions/test'), body);
            return { campaign_id: campaignId, test_emails: seedInboxes };
          },
        };
      },
      async control(handle, action) {
        if (action !== 'resume') {
          await callMailchimp(account, 'POST', campaignPath(handle.id, '/actions/unschedule'));
          return { campaign_id: handle.id, status: action };
        }
        if (typeof handle.schedule_time !== 'string') {
          throw new UserError(
            'not_scheduled',
            `mailchimp campaign ${handle.id} was sent at once: there is no schedule to resume`,
          );
        }
        await schedule(handle.id, handle.schedule_time);
        return { campaign_id: handle.id, status: 'resumed', schedule_time: handle.schedule_time };
      },
      async checkConnection() {
        try {
          const ping = await callMailchimp(account, 'GET', '/ping');
          return { ok: true, message: `Mailchimp answers: ${String(ping.health_status)}` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});

function campaignPath(campaignId: string, rest: string): string {
  return `/campaigns/${encodeURIComponent(campaignId)}${rest}`;
}

/** `GET /campaigns/{id}/send-checklist`; not ready → `UserError` listing what is wrong. */
async function requireReadyChecklist(
  account: MailchimpAccount,
  campaignId: string,
  connectorId: string,
): Promise<void> {
  const checklist = await callMailchimp(
    account,
    'GET',
    campaignPath(campaignId, '/send-checklist'),
  );
  if (checklist.is_ready === true) return;
  const items = Array.isArray(checklist.items)
    ? (checklist.items as Array<{ type?: unknown; heading?: unknown; details?: unknown }>)
    : [];
  const problems = items
    .filter((item) => item.type !== 'success')
    .map((item) => `${String(item.type)}: ${String(item.heading)} — ${String(item.details)}`);
  throw new UserError(
    'campaign_not_ready',
    `connector '${connectorId}' (mailchimp): campaign ${campaignId} fails the send checklist: ${problems.join('; ') || 'not ready'}`,
  );
}
