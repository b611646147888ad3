/**
 * How each step type is performed. Steps with an external effect go through the delivery ledger
 * under `runbook:<runId>:<stepId>`, so an effect recorded as sent is never sent again after a
 * crash; HTTP effects carry that key as `Idempotency-Key`, and every vendor used here applies a
 * repeated request once, so a send whose outcome is unknown is repeated safely.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock/clock.ts';
import type { PlanConnector } from '../connectors/connector-manifest.ts';
import { readSecret, type SecretEnv } from '../connectors/connector-secrets.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import { OperationalError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import { runCommand } from './command-runner.ts';
import { openRunbookConnector, type RunbookConnector } from './connectors/runbook-connector.ts';
import type { RunbookStep } from './runbook-spec.ts';
import { analyseCanary } from './step-canary-analysis.ts';
import { sendStepRequest } from './step-http.ts';

/** What performing a step needs. */
export interface StepEnvironment {
  db: Db;
  clock: Clock;
  env: SecretEnv;
  metrics: MetricReader;
  allowedExecutables: readonly string[];
  connectors: readonly PlanConnector[];
  runId: string;
  launchId: string | null;
  signal: AbortSignal;
}

/** The idempotency key of a step's external effect. */
export function stepEffectKey(runId: string, stepId: string): string {
  return `runbook:${runId}:${stepId}`;
}

/**
 * What a step would do, without secrets: shown by dry runs and kept in the ledger.
 *
 * @example
 * describeStep({ type: 'traffic', url: 'http://x/admin/traffic', version: 'v1', … }); // { action: 'POST …' }
 */
export function describeStep(step: RunbookStep): Record<string, unknown> {
  switch (step.type) {
    case 'http':
      return {
        action: `${step.method} ${step.url}`,
        body: step.body ?? null,
        headers_env: step.headers_env,
      };
    case 'command':
    case 'db_migration':
      return { action: 'run', executable: step.executable, args: commandArgs(step) };
    case 'traffic':
      return step.connector
        ? {
            action: `patch flag ${step.flag_key} via ${step.connector}`,
            ...(step.json_patch
              ? { json_patch: step.json_patch }
              : { instructions: flagInstructions(step) }),
          }
        : { action: `POST ${step.url}`, body: trafficBody(step) };
    case 'dns':
      return {
        action: `update DNS record ${step.record_id} via ${step.connector}`,
        record: step.record,
      };
    case 'cdn_purge':
      return step.connector
        ? { action: `purge cache via ${step.connector}`, purge: step.purge }
        : { action: `POST ${step.url}` };
    case 'verify':
      return { action: 'verify metrics', metrics: step.metrics, hold_ms: step.hold_ms };
    case 'canary_analysis':
      return {
        action: `watch LAUNCH-001 at canary weight ${step.weight} %`,
        analysis_ms: step.analysis_ms,
      };
  }
}

/**
 * Performs `step` once (no retries); resolves with its output, throws on failure.
 *
 * @example
 * const output = await performStep(step, environment);
 */
export async function performStep(
  step: RunbookStep,
  environment: StepEnvironment,
): Promise<string> {
  if (step.type === 'verify') return verifyMetrics(step, environment);
  if (step.type === 'canary_analysis') return analyseCanary(step, environment);
  const outcome = await deliverStepEffect(step, environment);
  if (outcome.state === 'sent') {
    const response = outcome.row.response as { output?: unknown } | null;
    const output = typeof response?.output === 'string' ? response.output : '';
    return outcome.sentNow ? output : `already done before a restart: ${output}`;
  }
  throw new OperationalError(
    outcome.state === 'unknown'
      ? 'the process performing this step stopped mid-step; it is not idempotent, so check its effect by hand'
      : `step failed earlier: ${outcome.row.error ?? 'unknown error'}`,
    { retryable: false },
  );
}

/**
 * The step's effect through the ledger. The executor holds the step's lock, so a row left in
 * `sending` belongs to a dead process: the ledger marks it `unknown` and asks for a retry, which
 * happens here at once (resending an idempotent effect, reporting a non-idempotent one).
 */
async function deliverStepEffect(step: RunbookStep, environment: StepEnvironment) {
  const deliver = () =>
    deliverOnce(
      environment.db,
      environment.clock,
      {
        key: stepEffectKey(environment.runId, step.id),
        channel: `runbook.${step.type}`,
        launchId: environment.launchId,
        request: describeStep(step),
        vendorIdempotent: step.type !== 'command' || step.idempotent,
        staleAfterMs: 0,
      },
      async () => {
        attempted = true;
        return { output: await performEffect(step, environment) };
      },
    );
  let attempted = false;
  try {
    return await deliver();
  } catch (error) {
    if (attempted || !(error instanceof OperationalError) || !error.retryable) throw error;
    return deliver();
  }
}

async function performEffect(step: RunbookStep, environment: StepEnvironment): Promise<string> {
  const { signal } = environment;
  const idempotencyKey = stepEffectKey(environment.runId, step.id);
  switch (step.type) {
    case 'http': {
      const answer = await sendStepRequest({
        vendor: step.url,
        method: step.method,
        url: step.url,
        headers: {
          ...step.headers,
          ...secretHeaders(step.headers_env, environment.env, step.id),
          'idempotency-key': idempotencyKey,
          ...(step.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
        ...(step.expect_status ? { expectStatus: step.expect_status } : {}),
        signal,
      });
      return `HTTP ${answer.status} ${answer.text}`;
    }
    case 'command':
    case 'db_migration':
      return runCommand({
        executable: step.executable,
        args: commandArgs(step),
        cwd: step.cwd,
        env: step.env,
        allowedExecutables: environment.allowedExecutables,
        signal,
      });
    case 'traffic': {
      if (step.connector && step.flag_key) {
        const connector = await connectorWith(environment, step.connector, 'patchFlag');
        const patch = step.json_patch
          ? { jsonPatch: step.json_patch }
          : { instructions: flagInstructions(step), comment: step.comment };
        const answer = await connector.patchFlag(step.flag_key, patch, signal);
        return JSON.stringify(answer);
      }
      return postWithKey(step.url ?? '', trafficBody(step), step, environment);
    }
    case 'dns': {
      const connector = await connectorWith(environment, step.connector, 'updateDnsRecord');
      return JSON.stringify(await connector.updateDnsRecord(step.record_id, step.record, signal));
    }
    case 'cdn_purge': {
      if (step.connector) {
        const connector = await connectorWith(environment, step.connector, 'purgeCache');
        return JSON.stringify(await connector.purgeCache(step.purge, signal));
      }
      return postWithKey(step.url ?? '', {}, step, environment);
    }
    case 'verify':
    case 'canary_analysis':
      throw new Error(`${step.type} has no external effect`);
  }
}

async function postWithKey(
  url: string,
  body: unknown,
  step: { id: string; headers_env: Record<string, string> },
  environment: StepEnvironment,
): Promise<string> {
  const answer = await sendStepRequest({
    vendor: url,
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      ...secretHeaders(step.headers_env, environment.env, step.id),
      'idempotency-key': stepEffectKey(environment.runId, step.id),
    },
    body: JSON.stringify(body),
    signal: environment.signal,
  });
  return `HTTP ${answer.status} ${answer.text}`;
}

async function connectorWith<K extends 'patchFlag' | 'updateDnsRecord' | 'purgeCache'>(
  environment: StepEnvironment,
  id: string,
  operation: K,
): Promise<Required<Pick<RunbookConnector, K>>> {
  const connector = await openRunbookConnector(environment.connectors, id, environment.env);
  if (!hasOperation(connector, operation)) {
    throw new OperationalError(`connector '${id}' cannot ${operation}`, { retryable: false });
  }
  return connector;
}

function hasOperation<K extends keyof RunbookConnector>(
  connector: RunbookConnector,
  operation: K,
): connector is RunbookConnector & Required<Pick<RunbookConnector, K>> {
  return typeof connector[operation] === 'function';
}

function secretHeaders(
  headersEnv: Record<string, string>,
  env: SecretEnv,
  stepId: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headersEnv).map(([header, variable]) => [
      header,
      readSecret(env, { connectorId: `step ${stepId}`, key: `headers_env.${header}`, variable }),
    ]),
  );
}

function commandArgs(step: Extract<RunbookStep, { type: 'command' | 'db_migration' }>): string[] {
  return step.type === 'db_migration'
    ? [...step.args, 'down', '--to', String(step.to_version)]
    : [...step.args];
}

function trafficBody(step: Extract<RunbookStep, { type: 'traffic' }>) {
  return step.weight === undefined
    ? { version: step.version }
    : { version: step.version, weight: step.weight };
}

function flagInstructions(step: Extract<RunbookStep, { type: 'traffic' }>) {
  return step.instructions ?? [{ kind: 'turnFlagOff' }];
}

async function verifyMetrics(
  step: Extract<RunbookStep, { type: 'verify' }>,
  environment: StepEnvironment,
): Promise<string> {
  let healthySince: { wall: number; clock: number } | undefined;
  let last = '';
  for (;;) {
    const readings = await Promise.all(
      step.metrics.map(async (metric) => {
        const reading = await environment.metrics.read({
          launchId: environment.launchId ?? '',
          name: metric.name,
          at: environment.clock.now(),
          ...(step.window_ms ? { windowMs: step.window_ms } : {}),
        });
        const value = reading.value;
        const within =
          value !== null &&
          (metric.min === undefined || value >= metric.min) &&
          (metric.max === undefined || value <= metric.max);
        return { within, text: `${metric.name}=${value ?? `no data (${reading.reason ?? '?'})`}` };
      }),
    );
    last = readings.map((reading) => reading.text).join(', ');
    // Held on the launch's clock or on the wall clock, whichever moved more: a simulated launch
    // (demo, drills) advances its clock, a real one advances both alike.
    const now = { wall: performance.now(), clock: environment.clock.now().getTime() };
    if (readings.every((reading) => reading.within)) {
      healthySince ??= now;
      const held = Math.max(now.wall - healthySince.wall, now.clock - healthySince.clock);
      if (held >= step.hold_ms) return `within thresholds for ${step.hold_ms} ms: ${last}`;
    } else {
      healthySince = undefined;
    }
    try {
      await sleep(step.poll_ms, undefined, { signal: environment.signal });
    } catch {
      throw new OperationalError(`metrics not back within thresholds in time: ${last}`);
    }
  }
}
