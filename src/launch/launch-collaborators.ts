/**
 * What the launch controller calls in other parts of LaunchCrew: entry gates (preparation),
 * marketing activations, exit gates and the Stage 32 handoff, and the secrets of the environment.
 * Injected (the pattern of `setIncidentDependencies`): the runtime sets the real ones at start-up,
 * tests may set others.
 */
import type { Clock } from '../clock/clock.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { JobKind } from '../jobs/job-kind.ts';
import type { Db, DbExecutor } from '../store/database.ts';

/** One entry gate of a gate report, as the go/no-go request shows it. */
export interface GateSummary {
  name: string;
  status: string;
}

/** The entry gate report of a launch (the parts the controller reads). */
export interface GateReportSummary {
  blocking: boolean;
  readiness: { score: number };
  gates: readonly GateSummary[];
}

/** The result of the exit gates (the parts the controller reads). */
export interface ExitGateResult {
  passed: boolean;
}

/** Everything the launch controller depends on outside src/launch. */
export interface LaunchCollaborators {
  /** Connector secrets (chat connector of the go/no-go request). */
  env: SecretEnv;
  prepareLaunch(
    deps: { db: Db; clock: Clock; env: SecretEnv },
    launchId: string,
  ): Promise<GateReportSummary>;
  latestGateReport(db: DbExecutor, launchId: string): Promise<GateReportSummary | undefined>;
  scheduleActivations(trx: DbExecutor, clock: Clock, launchId: string): Promise<unknown>;
  armActivations(trx: DbExecutor, clock: Clock, launchId: string): Promise<unknown>;
  cancelActivations(
    trx: DbExecutor,
    clock: Clock,
    input: { launchId: string; actor: string; reason: string },
  ): Promise<unknown>;
  evaluateExitGates(db: DbExecutor, clock: Clock, launchId: string): Promise<ExitGateResult>;
  handoffJob: JobKind<{ launchId: string }>;
  requestOutcomeDecision(trx: DbExecutor, clock: Clock, launchId: string): Promise<unknown>;
}

let current: LaunchCollaborators | null = null;

/**
 * Sets (or, with null, clears) the collaborators of the launch controller in this process.
 *
 * @example
 * setLaunchCollaborators(wiredLaunchCollaborators(process.env));
 */
export function setLaunchCollaborators(collaborators: LaunchCollaborators | null): void {
  current = collaborators;
}

/**
 * The collaborators set at start-up; a bug when they were never set.
 *
 * @example
 * const report = await launchCollaborators().prepareLaunch({ db, clock, env }, launchId);
 */
export function launchCollaborators(): LaunchCollaborators {
  if (!current) throw new Error('launch collaborators are not set (setLaunchCollaborators)');
  return current;
}
