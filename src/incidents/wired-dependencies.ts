/**
 * The real dependencies of incidents and approvals, for a process that has a job queue (the
 * worker, `launchcrew up`, `launchcrew approve`): an approved rollback starts the `rollback`
 * runbook with `startRunbook` (its first step enqueued in the deciding transaction), and status
 * updates go to the communications module. Set them with `setIncidentDependencies`.
 */
import { pauseActivations } from '../activation/activation-control.ts';
import { publishIncidentUpdate } from '../comms/incident-updates.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { planRunbooks } from '../runbooks/plan-runbooks.ts';
import {
  type RunbookSource,
  type StartRunbookDeps,
  startRunbook,
} from '../runbooks/runbook-executor.ts';
import type { ExecuteRollback, IncidentDependencies } from './incident-dependencies.ts';

/**
 * Starts the `rollback` runbook of the incident's launch.
 *
 * @example
 * setIncidentDependencies({ executeRollback: runbookRollback({ clock, queue, runbooks: planRunbooks }) });
 */
export function runbookRollback(deps: StartRunbookDeps): ExecuteRollback {
  return (trx, action) =>
    startRunbook(trx, deps, {
      launchId: action.launchId,
      runbookId: 'rollback',
      reason: `incident ${action.incidentId}: ${action.reason}`,
      actor: action.actor,
    }).then(({ runId }) => ({ runId }));
}

/**
 * Everything wired for a process with a queue: rollbacks through the runbook executor, the
 * marketing pause through the activations, status updates through communications, secrets from
 * `env`.
 *
 * @example
 * setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env: process.env }));
 */
export function wiredIncidentDependencies(
  deps: Omit<StartRunbookDeps, 'runbooks'> & { env: SecretEnv; runbooks?: RunbookSource },
): Partial<IncidentDependencies> {
  const { clock, queue, env } = deps;
  return {
    env,
    executeRollback: runbookRollback({
      clock,
      queue,
      runbooks: deps.runbooks ?? planRunbooks,
    }),
    pauseMarketing: (trx, action) =>
      pauseActivations(trx, clock, {
        launchId: action.launchId,
        actor: action.actor,
        reason: `incident ${action.incidentId}: ${action.reason}`,
      }).then((result) => ({ paused: result.activations.length > 0, ...result })),
    publishIncidentUpdate: (executor, update) =>
      publishIncidentUpdate(
        executor,
        { clock, jobs: queue },
        {
          launchId: update.launchId,
          incidentId: update.incidentId,
          status: update.status,
          severity: update.severity,
        },
      ),
  };
}
