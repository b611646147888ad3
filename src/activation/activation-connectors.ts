/**
 * The activation connector registry: vendor folders under `connectors/` (SendGrid, Mailchimp,
 * social and ads vendors), and the alert channels that carry plain messages (smtp, slack,
 * webhook) adapted for everything else.
 */
import { join } from 'node:path';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import {
  discoverManifests,
  isRegisteredConnector,
  type RegisteredConnector,
} from '../connectors/connector-manifest.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { ActivationConnector } from './activation-connector.ts';
import { adaptMessageChannel } from './connectors/message-channel-adapter.ts';

let manifests: Promise<RegisteredConnector<ActivationConnector>[]> | undefined;

/**
 * Every activation connector manifest (`./connectors/<vendor>/manifest.ts`).
 *
 * @example
 * (await activationConnectorManifests()).map((m) => m.vendor); // ['mailchimp', 'sendgrid', …]
 */
export function activationConnectorManifests(): Promise<
  RegisteredConnector<ActivationConnector>[]
> {
  manifests ??= discoverManifests(
    join(import.meta.dirname, 'connectors'),
    (value): value is RegisteredConnector<ActivationConnector> => isRegisteredConnector(value),
  );
  return manifests;
}

/**
 * Opens the plan connector `connectorId` for activations, secrets read from `env`: its vendor's
 * activation connector, else its alert channel's plain messages (smtp, slack, webhook).
 *
 * @example
 * const sendgrid = await openActivationConnector(plan, 'sendgrid', process.env);
 * const { handle } = await sendgrid.prepare(message).send();
 */
export async function openActivationConnector(
  plan: Pick<LaunchPlan, 'connectors'>,
  connectorId: string,
  env: SecretEnv,
): Promise<ActivationConnector> {
  const connector = plan.connectors.find((candidate) => candidate.id === connectorId);
  if (!connector) {
    throw new UserError(
      'unknown_connector',
      `connector '${connectorId}' is not in the plan (connectors[].id: ${plan.connectors.map((c) => c.id).join(', ') || 'none'})`,
      { path: ['connectors'] },
    );
  }
  const activation = (await activationConnectorManifests()).find(
    (manifest) => manifest.vendor === connector.vendor,
  );
  if (activation) return activation.open(connector, env);
  const alertChannels = await alertChannelManifests();
  const channel = alertChannels.find((manifest) => manifest.vendor === connector.vendor);
  if (channel) return adaptMessageChannel(channel, connector, env);
  const known = [...(await activationConnectorManifests()), ...alertChannels]
    .map((manifest) => manifest.vendor)
    .sort();
  throw new UserError(
    'unsupported_connector',
    `connector '${connectorId}': vendor '${connector.vendor}' cannot send activations (known vendors: ${known.join(', ')})`,
    { path: ['connectors'] },
  );
}
