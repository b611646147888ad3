/**
 * Ticketing connectors (kind `ticketing`: Zendesk, …), one folder per vendor under
 * `connectors/` with a `manifest.ts`; they are found there, not listed. The support gate uses
 * them for its create/resolve test.
 */
import { join } from 'node:path';
import {
  type ConnectionCheck,
  discoverManifests,
  isRegisteredConnector,
  type PlanConnector,
  type RegisteredConnector,
} from '../connectors/connector-manifest.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { UserError } from '../shared/errors.ts';

/** Who asks for help in a ticket. */
export interface TicketRequester {
  name: string;
  email: string;
}

/** A ticket to open. */
export interface NewTicket {
  subject: string;
  body: string;
  requester: TicketRequester;
}

/** What a ticketing connector provides. */
export interface TicketingConnector {
  /** Opens a ticket; returns the vendor's ticket id. */
  createTicket(ticket: NewTicket): Promise<{ id: string }>;
  /** Marks the ticket solved, with an internal note. */
  resolveTicket(id: string): Promise<void>;
  checkConnection(): Promise<ConnectionCheck>;
}

let manifests: Promise<RegisteredConnector<TicketingConnector>[]> | undefined;

/**
 * Every ticketing connector manifest (`./connectors/<vendor>/manifest.ts`).
 *
 * @example
 * (await ticketingConnectorManifests()).map((m) => m.vendor); // ['zendesk']
 */
export function ticketingConnectorManifests(): Promise<RegisteredConnector<TicketingConnector>[]> {
  manifests ??= discoverManifests(
    join(import.meta.dirname, 'connectors'),
    (value): value is RegisteredConnector<TicketingConnector> =>
      isRegisteredConnector(value) && value.kinds.includes('ticketing'),
  );
  return manifests;
}

/**
 * Opens the ticketing connector `connector` with secrets from `env`; a `UserError` when no
 * ticketing vendor has its name.
 *
 * @example
 * const zendesk = await openTicketingConnector(plan.connectors.find((c) => c.id === 'zendesk'), process.env);
 * const { id } = await zendesk.createTicket({ subject, body, requester });
 */
export async function openTicketingConnector(
  connector: PlanConnector,
  env: SecretEnv,
): Promise<TicketingConnector> {
  const all = await ticketingConnectorManifests();
  const manifest = all.find((candidate) => candidate.vendor === connector.vendor);
  if (!manifest) {
    throw new UserError(
      'unsupported_connector',
      `connector '${connector.id}': no ticketing connector for vendor '${connector.vendor}' (known: ${all.map((m) => m.vendor).join(', ')})`,
      { path: ['connectors'] },
    );
  }
  return manifest.open(connector, env);
}
