/**
 * Launch collaborators for tests: scripted entry and exit gates and a recording handoff job, with
 * the real activations and outcome request.
 */
import { z } from 'zod';
import { cancelActivations } from '../../activation/activation-control.ts';
import { armActivations, scheduleActivations } from '../../activation/activation-schedule.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { defineJob } from '../../jobs/job-kind.ts';
import { requestOutcomeDecision } from '../handoff/outcome-decision.ts';
import type { GateReportSummary, LaunchCollaborators } from '../launch-collaborators.ts';

/** What the scripted gates answer (tests change it) and what they saw. */
export interface ScriptedGates {
  entry: GateReportSummary;
  /** Launches whose entry gates ran (prepareLaunch calls). */
  prepared: string[];
  exitPassed: boolean;
  /** Launches handed off to Stage 32. */
  handoffs: string[];
}

/**
 * Collaborators whose gates pass unless a test says otherwise.
 *
 * @example
 * const { collaborators, gates } = scriptedLaunchCollaborators({ SLACK_URL: slackUrl });
 * setLaunchCollaborators(collaborators);
 * gates.exitPassed = false;
 */
export function scriptedLaunchCollaborators(env: SecretEnv = {}): {
  collaborators: LaunchCollaborators;
  gates: ScriptedGates;
} {
  const gates: ScriptedGates = {
    entry: {
      blocking: false,
      readiness: { score: 92 },
      gates: [
        { name: 'production_stable', status: 'pass' },
        { name: 'marketing_ready', status: 'pass' },
        { name: 'support_trained', status: 'pass' },
      ],
    },
    prepared: [],
    exitPassed: true,
    handoffs: [],
  };
  const reported = new Map<string, GateReportSummary>();
  const handoffJob = defineJob({
    name: 'launch.handoff',
    payload: z.object({ launchId: z.uuid() }),
    run: async ({ launchId }) => {
      gates.handoffs.push(launchId);
    },
  });
  return {
    gates,
    collaborators: {
      env,
      prepareLaunch: async (_deps, launchId) => {
        gates.prepared.push(launchId);
        reported.set(launchId, gates.entry);
        return gates.entry;
      },
      latestGateReport: async (_db, launchId) => reported.get(launchId),
      scheduleActivations,
      armActivations,
      cancelActivations,
      evaluateExitGates: async () => ({ passed: gates.exitPassed }),
      handoffJob,
      requestOutcomeDecision,
    },
  };
}
