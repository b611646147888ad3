/**
 * Connectors runbook steps call (one folder per vendor, discovered): Cloudflare for DNS records
 * and cache purges, LaunchDarkly for feature-flag traffic switches.
 */
import {
  type ConnectionCheck,
  discoverManifests,
  isRegisteredConnector,
  type PlanConnector,
  type RegisteredConnector,
} from '../../connectors/connector-manifest.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { UserError } from '../../shared/errors.ts';

/** What a runbook connector can do; a vendor implements the operations it offers. */
export interface RunbookConnector {
  checkConnection(): Promise<ConnectionCheck>;
  updateDnsRecord?(
    recordId: string,
    record: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
  purgeCache?(
    purge: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
  patchFlag?(
    flagKey: string,
    patch: FlagPatch,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

/** A LaunchDarkly flag change: a semantic patch (instructions) or a JSON patch. */
export type FlagPatch =
  | { instructions: Record<string, unknown>[]; comment?: string | undefined }
  | { jsonPatch: { op: string; path: string; value?: unknown }[] };

let manifests: Promise<RegisteredConnector<RunbookConnector>[]> | undefined;

/** The manifests of every folder next to this file. */
export function runbookConnectorManifests(): Promise<RegisteredConnector<RunbookConnector>[]> {
  manifests ??= discoverManifests(import.meta.dirname, (value) =>
    isRegisteredConnector(value),
  ) as Promise<RegisteredConnector<RunbookConnector>[]>;
  return manifests;
}

/**
 * Opens connector `id` of `connectors` with secrets from `env`.
 *
 * @example
 * const cloudflare = await openRunbookConnector(spec.connectors, 'cdn', process.env);
 */
export async function openRunbookConnector(
  connectors: readonly PlanConnector[],
  id: string,
  env: SecretEnv,
): Promise<RunbookConnector> {
  const connector = connectors.find((candidate) => candidate.id === id);
  if (!connector) throw new UserError('unknown_connector', `connector '${id}' is not in the plan`);
  const manifest = (await runbookConnectorManifests()).find((m) => m.vendor === connector.vendor);
  if (!manifest) {
    throw new UserError(
      'unsupported_connector',
      `connector '${id}': vendor '${connector.vendor}' cannot run runbook steps`,
    );
  }
  return manifest.open(connector, env);
}
