/** What evaluating the gates and the pre-launch validation needs. */
import { lookup } from 'node:dns/promises';
import type { ActivationConnector } from '../../activation/activation-connector.ts';
import { openActivationConnector } from '../../activation/activation-connectors.ts';
import type { Clock } from '../../clock/clock.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { runProbe } from '../../metrics/monitors/probe.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { Db } from '../../store/database.ts';

/** Opens a plan connector for activations (`openActivationConnector` by default). */
export type ActivationConnectorOpener = (
  plan: Pick<LaunchPlan, 'connectors'>,
  connectorId: string,
  env: SecretEnv,
) => Promise<ActivationConnector>;

/** Resolves a host name to its addresses (`node:dns` lookup by default). */
export type HostResolver = (host: string) => Promise<string[]>;

/** Runs one HTTP or TCP probe (`runProbe` by default). */
export type ProbeRunner = typeof runProbe;

/** Dependencies of the gates; connector secrets are read from `env` when a check runs. */
export interface GateDeps {
  db: Db;
  clock: Clock;
  env: SecretEnv;
  openConnector?: ActivationConnectorOpener;
  resolveHost?: HostResolver;
  probe?: ProbeRunner;
}

/**
 * The connector opener of `deps`, else the activation connector registry.
 *
 * @example
 * const connector = await connectorOpenerOf(deps)(plan, 'sendgrid', deps.env);
 */
export function connectorOpenerOf(deps: GateDeps): ActivationConnectorOpener {
  return deps.openConnector ?? openActivationConnector;
}

/**
 * The host resolver of `deps`, else every address `node:dns` finds.
 *
 * @example
 * await hostResolverOf(deps)('acme.example'); // ['93.184.216.34']
 */
export function hostResolverOf(deps: GateDeps): HostResolver {
  return (
    deps.resolveHost ??
    (async (host) => (await lookup(host, { all: true })).map((entry) => entry.address))
  );
}

/**
 * The probe runner of `deps`, else the monitors' own probes.
 *
 * @example
 * const outcome = await probeRunnerOf(deps)(target, { timeoutMs: 10_000, env: deps.env });
 */
export function probeRunnerOf(deps: GateDeps): ProbeRunner {
  return deps.probe ?? runProbe;
}
