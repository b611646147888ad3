/**
 * The entry gates of launch preparation (SPEC §1 31.1, LaunchCoordinator): *production stable*,
 * *marketing ready* and *support trained*, each with its owner, automatic evidence and
 * pass/warn/fail. An evaluation is stored as a new gate report that keeps the latest pre-launch
 * validation, so the readiness score always covers every factor evaluated so far.
 */
import { randomUUID } from 'node:crypto';
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
  const launch = await loadGateLaunch(deps.db, launchId);
  const reportId = randomUUID();
  const previous = await latestGateReport(deps.db, launchId);
  const prelaunch = previous?.gates.filter((g) => g.name === 'prelaunch_validation') ?? [];
  return saveGateReport(deps, launch, {
    reportId,
    gates: [...(await entryGatesOf(deps, launch, reportId)), ...prelaunch],
    actor: options.actor ?? systemActor,
    tasks: ['entry_gates'],
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
