/**
 * Every connector LaunchCrew can open, from every registry (alert channels, activations, status
 * page, metric sources, runbooks, ticketing): what `launchcrew connectors list` prints and what
 * `validate` checks a plan connector's config against.
 */
import type { z } from 'zod';
import { activationConnectorManifests } from '../activation/activation-connectors.ts';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import { statusPageManifests } from '../comms/channels/status-page-connector.ts';
import { metricSourceManifests } from '../metrics/sources/metric-source-registry.ts';
import type { ConnectorKind } from '../plan/sections/connectors.ts';
import { runbookConnectorManifests } from '../runbooks/connectors/runbook-connector.ts';
import { ticketingConnectorManifests } from '../support/ticketing-connector.ts';
import type { ConnectionCheck, RegisteredConnector } from './connector-manifest.ts';

/** Any connector: whatever else it does, it can test its connection. */
export type CheckableConnector = { checkConnection(): Promise<ConnectionCheck> };

/** One vendor of the catalog. */
export interface CatalogEntry {
  readonly vendor: string;
  readonly kinds: readonly ConnectorKind[];
  readonly description: string;
  readonly config: z.ZodType;
  /** The registry the manifest was found in, e.g. `alert channels`. */
  readonly registry: string;
  readonly manifest: RegisteredConnector<CheckableConnector>;
}

/** Every manifest of every registry, by vendor. */
export interface ConnectorCatalog {
  /** In vendor order. */
  readonly entries: readonly CatalogEntry[];
  /** The vendor's entry, whatever its kinds. */
  vendor(vendor: string): CatalogEntry | undefined;
  /** The vendors that provide `kind`, in order. */
  vendorsOfKind(kind: ConnectorKind): string[];
}

const registries: readonly {
  name: string;
  manifests: () => Promise<RegisteredConnector<CheckableConnector>[]>;
}[] = [
  { name: 'alert channels', manifests: alertChannelManifests },
  { name: 'activation connectors', manifests: activationConnectorManifests },
  { name: 'status page', manifests: statusPageManifests },
  { name: 'metric sources', manifests: metricSourceManifests },
  { name: 'runbook connectors', manifests: runbookConnectorManifests },
  { name: 'ticketing', manifests: ticketingConnectorManifests },
];

let catalog: Promise<ConnectorCatalog> | undefined;

async function loadCatalog(): Promise<ConnectorCatalog> {
  const byVendor = new Map<string, CatalogEntry>();
  for (const registry of registries) {
    for (const manifest of await registry.manifests()) {
      if (byVendor.has(manifest.vendor)) continue;
      byVendor.set(manifest.vendor, {
        vendor: manifest.vendor,
        kinds: manifest.kinds,
        description: manifest.description,
        config: manifest.config,
        registry: registry.name,
        manifest,
      });
    }
  }
  const entries = [...byVendor.values()].sort((a, b) => a.vendor.localeCompare(b.vendor));
  return {
    entries,
    vendor: (vendor) => byVendor.get(vendor),
    vendorsOfKind: (kind) =>
      entries.filter((entry) => entry.kinds.includes(kind)).map((entry) => entry.vendor),
  };
}

/**
 * The catalog of every connector manifest (loaded once).
 *
 * @example
 * const catalog = await connectorCatalog();
 * catalog.vendorsOfKind('email'); // ['mailchimp', 'sendgrid', 'smtp']
 */
export function connectorCatalog(): Promise<ConnectorCatalog> {
  catalog ??= loadCatalog();
  return catalog;
}

/**
 * The manifest of `vendor` when it provides `kind`, else undefined.
 *
 * @example
 * const zendesk = await findConnectorManifest('zendesk', 'ticketing');
 * zendesk?.config.safeParse({ subdomain: 'acme' });
 */
export async function findConnectorManifest(
  vendor: string,
  kind: ConnectorKind,
): Promise<CatalogEntry | undefined> {
  const entry = (await connectorCatalog()).vendor(vendor);
  return entry?.kinds.includes(kind) ? entry : undefined;
}
