/**
 * What the launch controller runs at freeze start: the entry gates and the pre-launch
 * validation, stored as one report.
 */
import { entryGatesOf, recordGateEvaluation } from '../gates/entry-gates.ts';
import type { GateDeps } from '../gates/gate-deps.ts';
import type { GateReport } from '../gates/gate-model.ts';
import { prelaunchValidationOf } from './prelaunch-validation.ts';

/**
 * Evaluates the three entry gates and runs the pre-launch validation, then stores the combined
 * report (audited; automation tasks `entry_gates` and `prelaunch_validation`); the LEAD is warned
 * once when the readiness score is below 70 %.
 *
 * @example
 * const report = await prepareLaunch({ db, clock, env: process.env }, launchId);
 * if (report.blocking) console.log('entry gates fail: postpone or fix');
 */
export async function prepareLaunch(
  deps: GateDeps,
  launchId: string,
  options: { actor?: string } = {},
): Promise<GateReport> {
  return recordGateEvaluation(deps, launchId, options, {
    tasks: ['entry_gates', 'prelaunch_validation'],
    async gatesOf(launch, reportId) {
      const [gates, validation] = await Promise.all([
        entryGatesOf(deps, launch, reportId),
        prelaunchValidationOf(deps, launch, reportId),
      ]);
      return [...gates, validation];
    },
  });
}
