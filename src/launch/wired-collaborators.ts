/**
 * The real collaborators of the launch controller: entry gates and preparation, marketing
 * activations, exit gates, the Stage 32 handoff and the outcome request.
 */
import { cancelActivations } from '../activation/activation-control.ts';
import { armActivations, scheduleActivations } from '../activation/activation-schedule.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { latestGateReport } from './gates/gate-report-store.ts';
import { evaluateExitGates } from './handoff/exit-gates.ts';
import { handoffJob } from './handoff/handoff-job.ts';
import { requestOutcomeDecision } from './handoff/outcome-decision.ts';
import type { LaunchCollaborators } from './launch-collaborators.ts';
import { prepareLaunch } from './preparation/prepare-launch.ts';

/**
 * Everything wired for a process, with connector secrets from `env`.
 *
 * @example
 * setLaunchCollaborators(wiredLaunchCollaborators(process.env));
 */
export function wiredLaunchCollaborators(env: SecretEnv): LaunchCollaborators {
  return {
    env,
    prepareLaunch,
    latestGateReport,
    scheduleActivations,
    armActivations,
    cancelActivations,
    evaluateExitGates,
    handoffJob,
    requestOutcomeDecision,
  };
}
