/**
 * `launchcrew connectors list` (every vendor LaunchCrew can open) and `launchcrew connectors test
 * <plan.yaml | launch-id>`: opens every connector of a plan with the environment's secrets and
 * runs its connection check. Secrets are never printed.
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ConnectorCatalog, connectorCatalog } from '../../connectors/connector-catalog.ts';
import type { ConnectionCheck, PlanConnector } from '../../connectors/connector-manifest.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import { readPlanFile } from '../../plan/load.ts';
import { formatProblem, summarizeProblems } from '../../plan/problem.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { type CommandIo, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/** How long one connection check may take. */
export const connectionTestTimeoutMs = 10_000;

/** The outcome of one connector's test. */
export interface ConnectorTestResult {
  id: string;
  kind: string;
  vendor: string;
  /** `skipped`: LaunchCrew has no connector for the vendor. */
  status: 'ok' | 'failed' | 'skipped';
  message: string;
}

/** The values of every `*_env` secret of the connector that are set, to keep out of messages. */
function secretValuesOf(connector: PlanConnector, env: SecretEnv): string[] {
  return Object.entries(connector.config ?? {})
    .filter(([key, value]) => key.endsWith('_env') && typeof value === 'string')
    .map(([, variable]) => env[variable as string])
    .filter((value): value is string => value !== undefined && value.length > 0);
}

function masked(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('[secret]'), message);
}

async function withTimeout(check: Promise<ConnectionCheck>, ms: number): Promise<ConnectionCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ConnectionCheck>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, message: `no answer within ${ms / 1000} s` }),
      ms,
    );
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function testConnector(
  connector: PlanConnector,
  catalog: ConnectorCatalog,
  env: SecretEnv,
  timeoutMs: number,
): Promise<ConnectorTestResult> {
  const base = { id: connector.id, kind: connector.kind, vendor: connector.vendor };
  const entry = catalog.vendor(connector.vendor);
  if (!entry) {
    return {
      ...base,
      status: 'skipped',
      message: `LaunchCrew has no connector for vendor '${connector.vendor}'`,
    };
  }
  let check: ConnectionCheck;
  try {
    check = await withTimeout(entry.manifest.open(connector, env).checkConnection(), timeoutMs);
  } catch (error) {
    check = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return {
    ...base,
    status: check.ok ? 'ok' : 'failed',
    message: masked(check.message, secretValuesOf(connector, env)),
  };
}

/**
 * Opens every connector of `connectors` with secrets from `env` and runs its connection check
 * (at most `timeoutMs` each, all at once); messages never hold a secret's value.
 *
 * @example
 * const results = await testPlanConnectors(plan.connectors, await connectorCatalog(), process.env);
 */
export function testPlanConnectors(
  connectors: readonly PlanConnector[],
  catalog: ConnectorCatalog,
  env: SecretEnv,
  timeoutMs = connectionTestTimeoutMs,
): Promise<ConnectorTestResult[]> {
  return Promise.all(
    connectors.map((connector) => testConnector(connector, catalog, env, timeoutMs)),
  );
}

function renderResults(results: readonly ConnectorTestResult[]): string {
  const lines = results.map(
    (result) =>
      `${result.status.padEnd(7)} ${result.id} (${result.vendor}, ${result.kind}): ${result.message}`,
  );
  const count = (status: ConnectorTestResult['status']) =>
    results.filter((result) => result.status === status).length;
  lines.push(`${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped`);
  return lines.join('\n');
}

/** A plan file's plan, or undefined after printing its problems. */
async function planOfFile(file: string, catalog: ConnectorCatalog, io: CommandIo) {
  const result = await readPlanFile(file, { catalog });
  if (result.plan) return result.plan;
  for (const problem of result.problems) io.err(formatProblem(problem));
  io.err(summarizeProblems(file, result.problems));
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Tests the connectors of a plan file or of a stored launch; returns the exit code: 0 all ok
 * (vendors without a connector are skipped), 1 when any failed or the plan is invalid.
 *
 * @example
 * const code = await runConnectorsTest({ target: 'launch-plan.yaml', env: process.env }, processIo);
 */
export async function runConnectorsTest(
  args: { target: string; env: SecretEnv; json?: boolean; timeoutMs?: number },
  io: CommandIo,
  loadLaunchPlan: (launchId: string) => Promise<LaunchPlan> = (launchId) =>
    withStore(io, async (store) => (await findLaunchRow(store.db, launchId)).plan as LaunchPlan),
): Promise<number> {
  const catalog = await connectorCatalog();
  const plan = (await isFile(args.target))
    ? await planOfFile(args.target, catalog, io)
    : await loadLaunchPlan(args.target);
  if (!plan) return exitCodes.invalid;
  const results = await testPlanConnectors(plan.connectors, catalog, args.env, args.timeoutMs);
  const ok = results.every((result) => result.status !== 'failed');
  printResult(io, args.json === true, { ok, connectors: results }, (value) =>
    renderResults(value.connectors),
  );
  return ok ? exitCodes.ok : exitCodes.invalid;
}

/**
 * Lists every vendor LaunchCrew has a connector for, with its kinds and description.
 *
 * @example
 * await runConnectorsList({ json: true }, processIo);
 */
export async function runConnectorsList(args: { json?: boolean }, io: CommandIo): Promise<number> {
  const vendors = (await connectorCatalog()).entries.map((entry) => ({
    vendor: entry.vendor,
    kinds: [...entry.kinds],
    description: entry.description,
  }));
  const width = Math.max(...vendors.map((entry) => entry.vendor.length));
  printResult(io, args.json === true, vendors, (list) =>
    list
      .map(
        (entry) => `${entry.vendor.padEnd(width)}  ${entry.kinds.join(', ')}: ${entry.description}`,
      )
      .join('\n'),
  );
  return exitCodes.ok;
}

/**
 * Adds `connectors list` and `connectors test` to the CLI.
 *
 * @example
 * registerConnectorCommands(program, processIo, setExit);
 */
export function registerConnectorCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const connectors = program
    .command('connectors')
    .description("list the vendors LaunchCrew can connect to, and test a plan's connectors");
  connectors
    .command('list')
    .description('every vendor with its connector kinds and description')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      exit(await runConnectorsList(options, io));
    });
  connectors
    .command('test')
    .description(
      "open every connector of a plan with the environment's secrets and test its connection (10 s each); exits 1 when one fails",
    )
    .argument('<plan-or-launch>', 'a plan file (YAML) or a launch id')
    .option('--json', 'print {ok, connectors} as JSON')
    .action(async (target: string, options: { json?: boolean }) => {
      exit(await runConnectorsTest({ target, env: process.env, json: options.json }, io));
    });
}
