/**
 * Status-page connectors (kind `status_page`), one folder per vendor under `channels/` with a
 * `manifest.ts`; they are found there, not listed.
 */
import type { ConnectionCheck, RegisteredConnector } from '../../connectors/connector-manifest.ts';
import { discoverManifests, isRegisteredConnector } from '../../connectors/connector-manifest.ts';
import type { StatuspageIncidentUpdate } from './statuspage/statuspage-incident.ts';

/** One incident create or update, prepared: what the ledger records and the call itself. */
export interface PreparedStatusUpdate {
  request: Record<string, unknown>;
  /** Returns the vendor's answer with the vendor's `incident_id`. */
  send(): Promise<{ incident_id: string } & Record<string, unknown>>;
}

/** What a status-page connector provides. */
export interface StatusPageConnector {
  /** Creates the incident (no `existingId`) or updates it. */
  prepareIncident(
    update: Omit<StatuspageIncidentUpdate, 'componentIds' | 'deliverNotifications'>,
    existingId: string | null,
  ): PreparedStatusUpdate;
  checkConnection(): Promise<ConnectionCheck>;
}

let manifests: Promise<RegisteredConnector<StatusPageConnector>[]> | undefined;

/**
 * Every status-page connector manifest (`./<vendor>/manifest.ts`).
 *
 * @example
 * (await statusPageManifests()).map((m) => m.vendor); // ['statuspage']
 */
export function statusPageManifests(): Promise<RegisteredConnector<StatusPageConnector>[]> {
  manifests ??= discoverManifests(
    import.meta.dirname,
    (value): value is RegisteredConnector<StatusPageConnector> =>
      isRegisteredConnector(value) && value.kinds.includes('status_page'),
  );
  return manifests;
}
