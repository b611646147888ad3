import type { AlertChannel } from '../../alerts/channels/alert-channel.ts';
import type { PlanConnector, RegisteredConnector } from '../../connectors/connector-manifest.ts';
import { UserError } from '../../shared/errors.ts';
import {
  type ActivationConnector,
  type ActivationMessage,
  type PreparedActivation,
  seedTestMessage,
} from '../activation-connector.ts';

/**
 * An alert channel (smtp, slack, webhook) as an activation connector: the activation goes out as
 * the channel's plain message when it is due (no scheduling, no handle). E-mail channels can send
 * a seed-inbox test.
 *
 * @example
 * const connector = adaptMessageChannel(smtpManifest, planConnector, process.env);
 * await connector.prepare(message).send();
 */
export function adaptMessageChannel(
  manifest: RegisteredConnector<AlertChannel>,
  connector: PlanConnector,
  env: Readonly<Record<string, string | undefined>>,
): ActivationConnector {
  const channel = manifest.open(connector, env);
  const { prepareMessage } = channel;
  if (!prepareMessage) {
    throw new UserError(
      'unsupported_connector',
      `connector '${connector.id}' (${connector.vendor}) cannot carry activations: it sends alerts only`,
      { path: ['connectors'] },
    );
  }
  const prepare = (message: ActivationMessage): PreparedActivation => {
    const prepared = prepareMessage.call(channel, {
      id: message.key,
      title: message.subject ?? message.title,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      recipients: message.recipients.map((email) => ({ id: email, name: email, email })),
      sentAt: message.now ?? message.sendAt,
    });
    return { request: prepared.request, send: () => prepared.send() };
  };
  return {
    vendorIdempotent: channel.vendorIdempotent,
    canSchedule: false,
    maxScheduleAheadMs: 0,
    prepare,
    ...(manifest.kinds.includes('email')
      ? {
          prepareTest: (message: ActivationMessage, seedInboxes: string[]) =>
            prepare(seedTestMessage(message, seedInboxes)),
        }
      : {}),
    checkConnection: () => channel.checkConnection(),
  };
}
