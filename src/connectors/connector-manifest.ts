/**
 * A connector is one folder per vendor with a `manifest.ts` exporting `manifest` (ARCHITECTURE.md
 * "Connectors"). Registries find manifests in their folder, so adding a vendor is adding a
 * folder — there is no list to edit.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ConnectorKind } from '../plan/sections/connectors.ts';
import { UserError } from '../shared/errors.ts';
import type { SecretEnv } from './connector-secrets.ts';

/** The result of a connection test (`launchcrew connectors test`). */
export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

/** What a connector factory receives besides its config. */
export interface ConnectorDeps {
  connectorId: string;
  env: SecretEnv;
}

/** A vendor's connector as its folder declares it: kinds, config schema (secrets marked), factory. */
export interface ConnectorManifest<TConfig, TConnector> {
  /** The `vendor` a plan connector names, e.g. `slack`. */
  readonly vendor: string;
  readonly kinds: readonly ConnectorKind[];
  readonly description: string;
  readonly config: z.ZodType<TConfig>;
  create(config: TConfig, deps: ConnectorDeps): TConnector;
}

/** A connector of the plan: `{id, kind, vendor, config}`. */
export interface PlanConnector {
  id: string;
  kind: ConnectorKind;
  vendor: string;
  config?: Record<string, unknown> | undefined;
}

/** A manifest whose config type is hidden: `open` validates the plan connector's config. */
export interface RegisteredConnector<TConnector> {
  readonly vendor: string;
  readonly kinds: readonly ConnectorKind[];
  readonly description: string;
  readonly config: z.ZodType;
  open(connector: PlanConnector, env: SecretEnv): TConnector;
}

/**
 * Declares a connector manifest (the `manifest` export of `<vendor>/manifest.ts`).
 *
 * @example
 * export const manifest = defineConnector({ vendor: 'slack', kinds: ['chat'], description: '…',
 *   config: z.strictObject({ webhook_url_env: secretEnvSchema('webhook URL') }),
 *   create: (config, deps) => slackChannel(config, deps) });
 */
export function defineConnector<
  TConfig,
  TConnector extends { checkConnection(): Promise<ConnectionCheck> },
>(manifest: ConnectorManifest<TConfig, TConnector>): RegisteredConnector<TConnector> {
  return {
    vendor: manifest.vendor,
    kinds: manifest.kinds,
    description: manifest.description,
    config: manifest.config,
    open: (connector, env) =>
      manifest.create(parseConnectorConfig(manifest, connector), {
        connectorId: connector.id,
        env,
      }),
  };
}

/**
 * True when `value` looks like what `defineConnector` returns.
 *
 * @example
 * isRegisteredConnector((await import('./slack/manifest.ts')).manifest); // true
 */
export function isRegisteredConnector(value: unknown): value is RegisteredConnector<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RegisteredConnector<unknown>>;
  return (
    typeof candidate.vendor === 'string' &&
    Array.isArray(candidate.kinds) &&
    typeof candidate.open === 'function'
  );
}

/**
 * The `manifest` export of every `<dir>/<vendor>/manifest.ts`, in folder-name order.
 *
 * @example
 * const manifests = await discoverManifests(import.meta.dirname, isAlertChannelManifest);
 */
export async function discoverManifests<T>(
  dir: string,
  isManifest: (value: unknown) => value is T,
): Promise<T[]> {
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'manifest.ts')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    folders.map(async (folder) => {
      const module = (await import(join(dir, folder, 'manifest.ts'))) as { manifest?: unknown };
      if (!isManifest(module.manifest)) {
        throw new Error(`${join(dir, folder, 'manifest.ts')} does not export a valid manifest`);
      }
      return module.manifest;
    }),
  );
}

/**
 * Validates a plan connector's `config` against the manifest's schema.
 *
 * @example
 * const config = parseConnectorConfig(slackManifest, { id: 'slack', config: { webhook_url_env: 'SLACK_URL' } });
 */
export function parseConnectorConfig<TConfig>(
  manifest: { vendor: string; config: z.ZodType<TConfig> },
  connector: { id: string; config?: Record<string, unknown> | undefined },
): TConfig {
  const parsed = manifest.config.safeParse(connector.config ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)
    .join('; ');
  throw new UserError(
    'invalid_connector_config',
    `connector '${connector.id}' (${manifest.vendor}): ${issues}`,
  );
}
