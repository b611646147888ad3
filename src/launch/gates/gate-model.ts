/**
 * What the entry gates and the pre-launch validation report (SPEC §1 31.1): each gate has an
 * owner (a sign-off role), a status and the evidence it was decided on; the report adds the
 * readiness score and whether any gate blocks the go/no-go.
 */

/** Outcome of one check or gate; a gate is as bad as its worst evidence. */
export type GateStatus = 'pass' | 'warn' | 'fail';

/** The four sign-off roles of the team readiness checklist, who also own the gates. */
export const signOffRoles = [
  'launch_coordinator',
  'devops_lead',
  'marketing_lead',
  'support_lead',
] as const;

/** One of `signOffRoles`. */
export type SignOffRole = (typeof signOffRoles)[number];

/** The three entry gates and the pre-launch validation, in report order. */
export const gateNames = [
  'production_stable',
  'marketing_ready',
  'support_trained',
  'prelaunch_validation',
] as const;

/** One of `gateNames`. */
export type GateName = (typeof gateNames)[number];

/** Who owns each gate. */
export const gateOwners: Readonly<Record<GateName, SignOffRole>> = {
  production_stable: 'devops_lead',
  marketing_ready: 'marketing_lead',
  support_trained: 'support_lead',
  prelaunch_validation: 'launch_coordinator',
};

/** One piece of automatic evidence: what was checked, the outcome, and when (ISO). */
export interface Evidence {
  check: string;
  status: GateStatus;
  detail: string;
  at: string;
}

/** One gate with its evidence. */
export interface Gate {
  name: GateName;
  owner: SignOffRole;
  status: GateStatus;
  evidence: Evidence[];
}

/** One factor of the readiness score: its weight (of 100), its own score (0–100) and why. */
export interface ReadinessFactor {
  name: string;
  weight: number;
  score: number;
  detail: string;
}

/** How the lead was warned about a low readiness score (undefined when the score is ≥ 70). */
export interface LeadWarning {
  message: string;
  sent: string[];
  failed: string[];
}

/** One stored evaluation. */
export interface GateReport {
  id: string;
  launchId: string;
  evaluatedAt: string;
  actor: string;
  gates: Gate[];
  readiness: { score: number; factors: ReadinessFactor[] };
  /** True when any gate failed: the go/no-go should not be approved as it stands. */
  blocking: boolean;
  leadWarning?: LeadWarning | undefined;
}

const rank: Record<GateStatus, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * The worst status of `statuses` (pass when there are none).
 *
 * @example
 * worstStatus(['pass', 'warn']); // 'warn'
 */
export function worstStatus(statuses: Iterable<GateStatus>): GateStatus {
  let worst: GateStatus = 'pass';
  for (const status of statuses) if (rank[status] > rank[worst]) worst = status;
  return worst;
}

/**
 * A gate from its evidence: its owner from `gateOwners`, its status the worst evidence.
 *
 * @example
 * gateOf('support_trained', [{ check: 'canned_responses', status: 'pass', detail: '2 responses', at }]);
 */
export function gateOf(name: GateName, evidence: Evidence[]): Gate {
  return {
    name,
    owner: gateOwners[name],
    status: worstStatus(evidence.map((e) => e.status)),
    evidence,
  };
}

/**
 * A collector of evidence stamped with `now`.
 *
 * @example
 * const evidence = evidenceLog(clock.now());
 * evidence.add('uptime_7d', 'pass', '99.97 % over 7 days');
 * gateOf('production_stable', evidence.items);
 */
export function evidenceLog(now: Date): {
  items: Evidence[];
  add(check: string, status: GateStatus, detail: string): void;
} {
  const items: Evidence[] = [];
  const at = now.toISOString();
  return { items, add: (check, status, detail) => items.push({ check, status, detail, at }) };
}
