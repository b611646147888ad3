/**
 * The incident decision tree (SPEC §3): an ordered list of branches; the first whose conditions
 * all hold sets the severity. Plans may replace the tree (`incidents.decision_tree`); without
 * one, SPEC §3's defaults apply.
 */
import type { DecisionBranch } from '../plan/sections/incidents.ts';
import type { Severity } from './incident-tables.ts';

/** What an incident is classified from. */
export interface ClassificationInput {
  ruleId: string;
  /** The severity the firing rule carries, if any. */
  ruleSeverity?: Severity | undefined;
  /** The evaluated value at the breach (the magnitude). */
  value: number | null;
  /** Share of users affected (%), when known. */
  usersAffected?: number | null | undefined;
  dataLoss?: boolean | undefined;
  security?: boolean | undefined;
  cosmetic?: boolean | undefined;
}

/** A severity and the branch that chose it. */
export interface Classification {
  severity: Severity;
  why: string;
  /** Index of the branch in the tree, or -1 for the fallback. */
  branch: number;
  input: ClassificationInput;
}

/** SPEC §3: P0 outage, data loss or security; P1 major feature broken or > 50 % of users; P2 minor, < 10 %; P3 cosmetic. */
export const defaultDecisionTree: readonly DecisionBranch[] = [
  { when: { security: true }, severity: 'P0', why: 'security breach' },
  { when: { data_loss: true }, severity: 'P0', why: 'data loss' },
  {
    when: { rule: 'LAUNCH-001.rollback_uptime' },
    severity: 'P0',
    why: 'outage (uptime below the rollback threshold)',
  },
  { when: { users_affected_above: 50 }, severity: 'P1', why: 'more than 50 % of users affected' },
  {
    when: { rule: 'LAUNCH-001.*', rule_severity: 'P1' },
    severity: 'P1',
    why: 'major launch issue (LAUNCH-001)',
  },
  { when: { cosmetic: true }, severity: 'P3', why: 'cosmetic' },
  {
    when: { users_affected_below: 10 },
    severity: 'P2',
    why: 'minor: fewer than 10 % of users affected',
  },
];

/**
 * The share of users a rule's value implies: the error rate for error-rate rules, the missing
 * uptime for uptime rules; unknown otherwise.
 *
 * @example
 * usersAffectedOf('LAUNCH-001.rollback_error_rate', 62); // 62
 */
export function usersAffectedOf(ruleId: string, value: number | null): number | null {
  if (value === null) return null;
  if (/error_rate/.test(ruleId)) return Math.min(100, Math.max(0, value));
  if (/uptime/.test(ruleId)) return Math.min(100, Math.max(0, 100 - value));
  return null;
}

/**
 * Classifies an incident by the first branch that holds; with none, the rule's own severity,
 * else P2.
 *
 * @example
 * classifyIncident({ ruleId: 'LAUNCH-001.rollback_uptime', value: 80 }).severity; // 'P0'
 */
export function classifyIncident(
  input: ClassificationInput,
  tree: readonly DecisionBranch[] = defaultDecisionTree,
): Classification {
  for (const [index, branch] of tree.entries()) {
    if (branchHolds(branch.when, input)) {
      return { severity: branch.severity, why: branch.why, branch: index, input };
    }
  }
  return {
    severity: input.ruleSeverity ?? 'P2',
    why: input.ruleSeverity ? `severity of rule ${input.ruleId}` : 'no branch matched',
    branch: -1,
    input,
  };
}

function branchHolds(when: DecisionBranch['when'], input: ClassificationInput): boolean {
  const users = input.usersAffected ?? null;
  const checks: Array<boolean | undefined> = [
    when.rule === undefined ? undefined : ruleMatches(when.rule, input.ruleId),
    when.rule_severity === undefined ? undefined : when.rule_severity === input.ruleSeverity,
    when.value_above === undefined
      ? undefined
      : input.value !== null && input.value > when.value_above,
    when.value_below === undefined
      ? undefined
      : input.value !== null && input.value < when.value_below,
    when.users_affected_above === undefined
      ? undefined
      : users !== null && users > when.users_affected_above,
    when.users_affected_below === undefined
      ? undefined
      : users !== null && users < when.users_affected_below,
    when.data_loss === undefined ? undefined : (input.dataLoss ?? false) === when.data_loss,
    when.security === undefined ? undefined : (input.security ?? false) === when.security,
    when.cosmetic === undefined ? undefined : (input.cosmetic ?? false) === when.cosmetic,
  ];
  return checks.every((check) => check !== false);
}

function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}
