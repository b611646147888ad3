/**
 * The entry gates of launch preparation (SPEC §1 31.1, LaunchCoordinator): *production stable*,
 * *marketing ready* and *support trained*, each with its owner, automatic evidence and
 * pass/warn/fail. An evaluation is stored as a new gate report that keeps the latest pre-launch
 * validation, so the readiness score always covers every factor evaluated so far.
 */
import { randomUUID } from 'node:crypto';
import type { AutomationTask } from '../../automation/automation-tasks.ts';
import type { GateDeps } from './gate-deps.ts';
import { type GateLaunch, loadGateLaunch } from './gate-launch.ts';
import type { Gate, GateReport } from './gate-model.ts';
import { latestGateReport, saveGateReport } from './gate-report-store.ts';
import { marketingReadyGate } from './marketing-gate.ts';
import { productionStableGate } from './production-gate.ts';
import { supportTrainedGate } from './support-gate.ts';

/** Who evaluations are recorded as when the caller names nobody. */
export const systemActor = 'system:launchcrew';

/**
 * Evaluates the three entry gates, stores the report (newest wins) with an audit entry and the
 * automation task `entry_gates`, and warns the LEAD when the readiness score is below 70 %.
 *
 * @example
 * const report = await evaluateEntryGates({ db, clock, env: process.env }, launchId, { actor: 'token:ana' });
 * report.blocking; // true when a gate failed
 */
export async function evaluateEntryGates(
  deps: GateDeps,
  launchId: string,
  options: { actor?: string } = {},
): Promise<GateReport> {
  return recordGateEvaluation(deps, launchId, options, {
    tasks: ['entry_gates'],
    async gatesOf(launch, reportId) {
      const previous = await latestGateReport(deps.db, launchId);
      const prelaunch = previous?.gates.filter((g) => g.name === 'prelaunch_validation') ?? [];
      return [...(await entryGatesOf(deps, launch, reportId)), ...prelaunch];
    },
  });
}

/**
 * Evaluates gates of a launch under a new report id and stores them as its newest gate report
 * (audited as `options.actor`, or the system; automation `tasks` recorded).
 *
 * @example
 * await recordGateEvaluation(deps, launchId, {}, {
 *   tasks: ['entry_gates'],
 *   gatesOf: (launch, reportId) => entryGatesOf(deps, launch, reportId),
 * });
 */
export async function recordGateEvaluation(
  deps: GateDeps,
  launchId: string,
  options: { actor?: string },
  evaluation: {
    tasks: AutomationTask[];
    gatesOf(launch: GateLaunch, reportId: string): Promise<Gate[]>;
  },
): Promise<GateReport> {
  const launch = await loadGateLaunch(deps.db, launchId);
  const reportId = randomUUID();
  return saveGateReport(deps, launch, {
    reportId,
    gates: await evaluation.gatesOf(launch, reportId),
    actor: options.actor ?? systemActor,
    tasks: evaluation.tasks,
  });
}

/**
 * The three entry gates of `launch`, evaluated now (nothing stored but seed-test deliveries).
 *
 * @example
 * const gates = await entryGatesOf(deps, launch, reportId);
 */
export async function entryGatesOf(
  deps: GateDeps,
  launch: GateLaunch,
  reportId: string,
): Promise<Gate[]> {
  return Promise.all([
    productionStableGate(deps, launch),
    marketingReadyGate(deps, launch, reportId),
    supportTrainedGate(deps, launch),
  ]);
}

export { latestGateReport };
