/**
 * Sends launch reports through the plan's alert channels: the chat report to the plan's first
 * chat connector that carries plain messages (Slack, a signed webhook), the e-mail report to its
 * first e-mail connector, addressed to every person of the plan with an e-mail address. One
 * connector per channel, so the report job's single delivery per channel is never split (a
 * retry cannot resend to a connector that already got it).
 */
import { createHash } from 'node:crypto';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { ConnectorKind } from '../plan/sections/connectors.ts';
import { UserError } from '../shared/errors.ts';
import type { ReportEmail, ReportLaunch, ReportSender } from './report-dependencies.ts';

/**
 * A `ReportSender` over the plan's connectors; secrets are read from `env` at send time.
 *
 * @example
 * setReportDependencies({ metrics, sender: channelReportSender(process.env), triggerStates });
 */
export function channelReportSender(env: SecretEnv, clock: { now(): Date }): ReportSender {
  const send = async (launch: ReportLaunch, kind: ConnectorKind, message: ReportMessage) => {
    const manifests = await alertChannelManifests();
    for (const connector of launch.plan.connectors.filter((c) => c.kind === kind)) {
      const manifest = manifests.find(
        (m) => m.vendor === connector.vendor && m.kinds.includes(kind),
      );
      const channel = manifest?.open(connector, env);
      if (!channel?.prepareMessage) continue;
      const prepared = channel.prepareMessage({
        id: message.id,
        title: message.title,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        recipients: launch.plan.people.flatMap((person) =>
          person.contact?.email
            ? [{ id: person.id, name: person.name, email: person.contact.email }]
            : [],
        ),
        sentAt: clock.now(),
      });
      return { connector: connector.id, ...(await prepared.send()) };
    }
    throw new UserError(
      'no_report_channel',
      `the plan has no ${kind} connector that can carry reports`,
    );
  };
  return {
    chat: (launch, text) =>
      send(launch, 'chat', {
        id: `report:${launch.id}:${hash(text)}`,
        title: `${launch.ventureName} launch report`,
        text,
      }),
    email: (launch, email: ReportEmail) =>
      send(launch, 'email', {
        id: `report:${launch.id}:${hash(email.subject)}`,
        title: email.subject,
        text: email.text,
        html: email.html,
      }),
  };
}

interface ReportMessage {
  id: string;
  title: string;
  text: string;
  html?: string;
}

/** Stable across retries (a report's figures are read at the end of its period). */
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
