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

type CampaignMessage = Pick<
  ActivationMessage,
  'key' | 'title' | 'subject' | 'text' | 'html' | 'listId'
>;

/** A campaign opened for a message; `done` once it is scheduled or sent already. */
interface Campaign {
  id: string;
  done: boolean;
}

/** Statuses of a campaign that can still take content and a schedule or send. */
const editableStatuses = new Set(['save', 'paused']);
/** How many of a list's newest campaigns are searched for an earlier attempt's campaign. */
const campaignSearchCount = 1000;

/**
 * Mailchimp Marketing API campaigns to a `kind: list` audience: create (`POST /campaigns`, titled
 * with the message key), set the content, pass the send checklist, then send now or schedule on
 * the quarter hour; the campaign id is the handle that unschedules (cancel, pause) and schedules
 * again (resume). A retry first looks for the campaign an earlier attempt created (the list's
 * newest campaigns, matched on title: `GET /campaigns` has no title filter) and carries it on.
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
        title: message.key,
        from_name: config.from_name,
        reply_to: config.reply_to,
      },
    });
    const contentBody = (message: CampaignMessage) => ({
      plain_text: message.text,
      ...(message.html ? { html: message.html } : {}),
    });
    /**
     * The campaign of `message` with its content: the one an earlier attempt created (found by
     * its title, the message key), else a new one. `done` when it is already scheduled or sent.
     */
    const openCampaign = async (message: CampaignMessage): Promise<Campaign> => {
      const found = await findCampaign(account, message);
      if (found && !editableStatuses.has(found.status)) return { id: found.id, done: true };
      let campaignId = found?.id;
      if (campaignId === undefined) {
        const created = await callMailchimp(account, 'POST', '/campaigns', campaignBody(message));
        if (typeof created.id !== 'string') {
          throw new OperationalError('mailchimp: POST /campaigns answered without an id', {
            retryable: false,
          });
        }
        campaignId = created.id;
      }
      await callMailchimp(
        account,
        'PUT',
        campaignPath(campaignId, '/content'),
        contentBody(message),
      );
      return { id: campaignId, done: false };
    };
    const schedule = async (campaignId: string, scheduleTime: string) =>
      callMailchimp(account, 'POST', campaignPath(campaignId, '/actions/schedule'), {
        schedule_time: scheduleTime,
      });
    return {
      // a repeated send finds its campaign by title (the key) instead of creating another
      vendorIdempotent: true,
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
            const campaign = await openCampaign(message);
            const campaignId = campaign.id;
            if (!campaign.done) await requireReadyChecklist(account, campaignId, connectorId);
            if (scheduleTime) {
              if (!campaign.done) await schedule(campaignId, scheduleTime);
              return {
                campaign_id: campaignId,
                schedule_time: scheduleTime,
                handle: { vendor: 'mailchimp', id: campaignId, schedule_time: scheduleTime },
              };
            }
            if (!campaign.done) {
              await callMailchimp(account, 'POST', campaignPath(campaignId, '/actions/send'));
            }
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
            const { id } = await openCampaign(test);
            await callMailchimp(account, 'POST', campaignPath(id, '/actions/test'), body);
            return { campaign_id: id, test_emails: seedInboxes };
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

/**
 * The campaign titled `message.key` among the list's newest campaigns (`GET /campaigns?list_id=…`
 * sorted by create_time, only id, status and title), or undefined.
 */
async function findCampaign(
  account: MailchimpAccount,
  message: CampaignMessage,
): Promise<{ id: string; status: string } | undefined> {
  const query = new URLSearchParams({
    ...(message.listId ? { list_id: message.listId } : {}),
    sort_field: 'create_time',
    sort_dir: 'DESC',
    count: String(campaignSearchCount),
    fields: 'campaigns.id,campaigns.status,campaigns.settings.title',
  });
  const answer = await callMailchimp(account, 'GET', `/campaigns?${query}`);
  const campaigns = Array.isArray(answer.campaigns)
    ? (answer.campaigns as Array<{
        id?: unknown;
        status?: unknown;
        settings?: { title?: unknown };
      }>)
    : [];
  const found = campaigns.find(
    (c) => c.settings?.title === message.key && typeof c.id === 'string',
  );
  return found ? { id: String(found.id), status: String(found.status) } : undefined;
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
