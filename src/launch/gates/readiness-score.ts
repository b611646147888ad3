/**
 * The readiness score (SPEC §1 31.1), 0–100 %: a weighted mean of five factors.
 *
 * | factor | weight |
 * |---|---|
 * | production_stable (entry gate) | 30 |
 * | marketing_ready (entry gate) | 25 |
 * | support_trained (entry gate) | 20 |
 * | prelaunch_validation | 15 |
 * | team_signoffs (of the four readiness roles) | 10 |
 *
 * A gate scores the mean of its evidence (pass 100, warn 50, fail 0), or 0 when it has not been
 * evaluated yet; the sign-offs score the share of the four roles that signed. Below
 * `readinessWarningScore` the LEAD is warned.
 */
import {
  type Gate,
  type GateName,
  type GateStatus,
  gateNames,
  type ReadinessFactor,
} from './gate-model.ts';

/** Below this score the LEAD is warned. */
export const readinessWarningScore = 70;

/** Weight of each factor, of 100. */
export const readinessWeights = {
  production_stable: 30,
  marketing_ready: 25,
  support_trained: 20,
  prelaunch_validation: 15,
  team_signoffs: 10,
} as const satisfies Record<GateName | 'team_signoffs', number>;

const evidencePoints: Record<GateStatus, number> = { pass: 100, warn: 50, fail: 0 };

/**
 * The readiness score of `gates` with `signedRoles` of the four roles signed off.
 *
 * @example
 * readinessOf(report.gates, { signed: 2, of: 4 }).score; // e.g. 81.3
 */
export function readinessOf(
  gates: readonly Gate[],
  signoffs: { signed: number; of: number },
): { score: number; factors: ReadinessFactor[] } {
  const factors: ReadinessFactor[] = gateNames.map((name) => {
    const gate = gates.find((g) => g.name === name);
    const weight = readinessWeights[name];
    if (!gate || gate.evidence.length === 0) {
      return { name, weight, score: 0, detail: 'not evaluated yet' };
    }
    const counts = { pass: 0, warn: 0, fail: 0 };
    for (const evidence of gate.evidence) counts[evidence.status] += 1;
    const total = gate.evidence.reduce((sum, e) => sum + evidencePoints[e.status], 0);
    return {
      name,
      weight,
      score: round(total / gate.evidence.length),
      detail: `${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`,
    };
  });
  factors.push({
    name: 'team_signoffs',
    weight: readinessWeights.team_signoffs,
    score: signoffs.of === 0 ? 0 : round((100 * signoffs.signed) / signoffs.of),
    detail: `${signoffs.signed} of ${signoffs.of} roles signed off`,
  });
  const score = round(factors.reduce((sum, f) => sum + (f.weight * f.score) / 100, 0));
  return { score, factors };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
