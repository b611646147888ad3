/**
 * The runbooks of a launch's plan (`runbooks.deploy`, `runbooks.rollback`) as executable specs:
 * each plan action maps to a step type, its settings come from `params` and `args`, and the
 * connectors it names are copied from the plan's `connectors`.
 */
import type { PlanConnector } from '../connectors/connector-manifest.ts';
import { parseDuration } from '../plan/durations.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import type { RunbookSource } from './runbook-executor.ts';
import type { RunbookSpecInput } from './runbook-spec.ts';

type PlanStep = LaunchPlan['runbooks']['rollback']['steps'][number];
type StepFields = Record<string, unknown>;

/**
 * Reads runbook `runbookId` (`deploy` or `rollback`) from the stored plan of `launchId`.
 *
 * @example
 * await startRunbook(trx, { clock, queue, runbooks: planRunbooks }, { launchId, runbookId: 'rollback', … });
 */
export const planRunbooks: RunbookSource = async (executor: DbExecutor, launchId, runbookId) => {
  if (!launchId) throw new UserError('no_launch', 'plan runbooks belong to a launch');
  const launch = await executor
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', launchId)
    .executeTakeFirst();
  if (!launch)
    throw new UserError('not_found', `launch ${launchId} does not exist`, { status: 404 });
  return runbookFromPlan(launch.plan as LaunchPlan, runbookId);
};

/**
 * Converts runbook `runbookId` of `plan` to a spec. A `set_canary_weight` step becomes one
 * traffic step per `canary_weights` entry, each followed by a `canary_analysis` step of
 * `analysis_interval`; `declare_live` is left to the launch controller (the run's success).
 *
 * @example
 * runbookFromPlan(plan, 'rollback').steps.map((step) => step.type); // ['traffic', 'db_migration', …]
 */
export function runbookFromPlan(plan: LaunchPlan, runbookId: string): RunbookSpecInput {
  const runbook =
    runbookId === 'deploy' || runbookId === 'rollback' ? plan.runbooks[runbookId] : undefined;
  if (!runbook) {
    throw new UserError(
      'unknown_runbook',
      `the plan has no runbook '${runbookId}' (deploy, rollback)`,
    );
  }
  const steps = runbook.steps.flatMap((step) =>
    step.action === 'set_canary_weight'
      ? canarySteps(step, plan.runbooks.deploy)
      : step.action === 'declare_live'
        ? []
        : [{ ...policyOf(step), ...fieldsOf(step) }],
  );
  const used = new Set(runbook.steps.map((step) => step.connector).filter(Boolean));
  const connectors: PlanConnector[] = plan.connectors.filter((connector) => used.has(connector.id));
  return { steps, connectors } as RunbookSpecInput;
}

function policyOf(step: PlanStep): StepFields {
  return {
    id: step.id,
    ...(step.description ? { description: step.description } : {}),
    timeout_ms: parseDuration(step.timeout) ?? 300_000,
    ...(step.retries !== undefined ? { retries: step.retries } : {}),
    ...(step.retry_backoff ? { backoff_ms: parseDuration(step.retry_backoff) } : {}),
    ...(step.on_failure ? { on_failure: step.on_failure } : {}),
  };
}

function fieldsOf(step: PlanStep): StepFields {
  const params = step.params ?? {};
  const text = textParamsOf(step);
  const connector = step.connector ? { connector: step.connector } : {};
  switch (step.action) {
    case 'switch_traffic':
    case 'revert_traffic':
      return text('flag_key')
        ? {
            type: 'traffic',
            ...connector,
            flag_key: text('flag_key'),
            instructions: [{ kind: params.flag_on === true ? 'turnFlagOn' : 'turnFlagOff' }],
          }
        : { type: 'traffic', url: text('url'), version: text('version') };
    case 'update_dns':
    case 'revert_dns':
      return {
        type: 'dns',
        ...connector,
        record_id: text('record_id'),
        record: {
          type: text('record_type') ?? 'A',
          name: text('record_name'),
          content: text('record_content'),
          ...(typeof params.ttl === 'number' ? { ttl: params.ttl } : {}),
          ...(typeof params.proxied === 'boolean' ? { proxied: params.proxied } : {}),
        },
      };
    case 'purge_cdn':
    case 'purge_cache':
      return step.connector
        ? { type: 'cdn_purge', ...connector }
        : { type: 'cdn_purge', url: text('url') };
    case 'rollback_migrations':
      return {
        type: 'db_migration',
        executable: text('executable'),
        args: step.args ?? [],
        to_version: params.to_version,
      };
    case 'run_migrations':
    case 'run_command':
      return {
        type: 'command',
        executable: text('executable'),
        args: step.args ?? [],
        idempotent: params.idempotent === true,
      };
    case 'webhook':
    case 'health_check':
      return {
        type: 'http',
        method: text('method') ?? (step.action === 'health_check' ? 'GET' : 'POST'),
        url: text('url'),
        ...(typeof params.expect_status === 'number'
          ? { expect_status: [params.expect_status] }
          : {}),
        ...(text('authorization_env')
          ? { headers_env: { authorization: text('authorization_env') } }
          : {}),
      };
    case 'verify_metrics':
      return { type: 'verify', ...verifyFields(params) };
    default:
      throw new UserError(
        'unsupported_runbook_step',
        `step '${step.id}': action '${step.action}' is done by a person, not by the runbook executor`,
      );
  }
}

const defaultAnalysisMs = 600_000;
const analysisMarginMs = 300_000;
const maxStepTimeoutMs = 7_200_000;

function canarySteps(step: PlanStep, deploy: LaunchPlan['runbooks']['deploy']): StepFields[] {
  const weights = deploy.canary_weights ?? [5, 50, 100];
  const analysisMs =
    (deploy.analysis_interval && parseDuration(deploy.analysis_interval)) || defaultAnalysisMs;
  return weights.flatMap((weight) => [
    { ...policyOf(step), id: `${step.id}-${weight}`, ...canaryWeightFields(step, weight) },
    {
      id: `${step.id}-${weight}-analysis`,
      type: 'canary_analysis',
      weight,
      analysis_ms: analysisMs,
      timeout_ms: Math.min(analysisMs + analysisMarginMs, maxStepTimeoutMs),
    },
  ]);
}

function canaryWeightFields(step: PlanStep, weight: number): StepFields {
  const text = textParamsOf(step);
  const flagKey = text('flag_key');
  if (!flagKey) return { type: 'traffic', url: text('url'), version: text('version'), weight };
  const canary = text('canary_variation_id');
  const stable = text('stable_variation_id');
  if (!canary || !stable) {
    throw new UserError(
      'invalid_runbook',
      `step '${step.id}': a canary on flag '${flagKey}' needs params canary_variation_id and stable_variation_id`,
    );
  }
  return {
    type: 'traffic',
    ...(step.connector ? { connector: step.connector } : {}),
    flag_key: flagKey,
    instructions: [
      {
        kind: 'updateFallthroughVariationOrRollout',
        rolloutWeights: { [canary]: weight * 1000, [stable]: (100 - weight) * 1000 },
      },
    ],
  };
}

function textParamsOf(step: PlanStep): (key: string) => string | undefined {
  const params = step.params ?? {};
  return (key) => (typeof params[key] === 'string' ? (params[key] as string) : undefined);
}

function verifyFields(params: Record<string, string | number | boolean>): StepFields {
  const metrics = new Map<string, { name: string; min?: number; max?: number }>();
  for (const [key, value] of Object.entries(params)) {
    const match = /^(.+)_(min|max)$/.exec(key);
    if (!match?.[1] || typeof value !== 'number') continue;
    const metric = metrics.get(match[1]) ?? { name: match[1] };
    metric[match[2] as 'min' | 'max'] = value;
    metrics.set(match[1], metric);
  }
  return {
    metrics: [...metrics.values()].sort((a, b) => a.name.localeCompare(b.name)),
    hold_ms: typeof params.hold === 'string' ? parseDuration(params.hold) : 300_000,
    ...(typeof params.poll === 'string' ? { poll_ms: parseDuration(params.poll) } : {}),
  };
}
