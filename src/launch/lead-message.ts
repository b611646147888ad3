/**
 * A chat message to the launch's LEAD (the go/no-go request, T0 without a go decision), sent
 * exactly once per key through the delivery ledger on the plan's chat connector.
 */
import { deliverComms, openMessageChannel } from '../comms/comms-delivery.ts';
import { recipientsOf } from '../comms/comms-recipients.ts';
import type { JobContext } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { launchCollaborators } from './launch-collaborators.ts';

/** One message to the LEAD. */
export interface LeadMessage {
  launchId: string;
  /** Delivery key: the message is sent once per key. */
  key: string;
  title: string;
  text: string;
}

/**
 * Sends `message` to the people with the role `lead` on the plan's chat connector, once. A plan
 * without a chat connector records a failed delivery with the reason.
 *
 * @example
 * await messageLead(context, { launchId, key: `launch:${launchId}:go-request:${t0}`, title, text });
 */
export async function messageLead(
  context: Pick<JobContext, 'db' | 'clock'>,
  message: LeadMessage,
): Promise<void> {
  const launch = await context.db
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', message.launchId)
    .executeTakeFirstOrThrow();
  const plan = launch.plan as LaunchPlan;
  const leads = plan.people.filter((person) => person.roles.includes('lead'));
  await deliverComms(
    context,
    { key: message.key, channel: 'chat', launchId: message.launchId },
    async () => {
      const channel = await openMessageChannel(plan, 'chat', undefined, launchCollaborators().env);
      const prepared = channel.prepareMessage({
        id: message.key,
        title: message.title,
        // Chat shows the text only: it starts with the title.
        text: `${message.title}\n${message.text}`,
        recipients: recipientsOf(plan, { audiences: [], people: leads.map((p) => p.id) }),
        sentAt: context.clock.now(),
      });
      return { request: { to: 'lead', ...prepared.request }, send: prepared.send };
    },
  );
}
