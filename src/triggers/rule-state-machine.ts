/**
 * The pure state machine of one alerting rule, with the semantics of Prometheus
 * `rules/alerting.go` (`AlertingRule.Eval`):
 *
 * - a breach makes an inactive rule pending (`activeAt` = now); it fires once
 *   `now - activeAt >= for` (so `for: 0` fires at the first breach);
 * - one evaluation without a breach resets pending to inactive;
 * - a firing rule whose condition goes false stays firing while
 *   `now - keepFiringSince < keep_firing_for` (`keepFiringSince` = first false evaluation);
 *   a breach in between resets `keepFiringSince`.
 *
 * LaunchCrew adds: an explicit no-data policy; an optional separate clear condition (a firing
 * rule then resolves only after the clear condition held for `clear.forMs`, e.g. LAUNCH-001:
 * uptime ≥ 95 % and error rate < 1 % for 1 h); terminal rules that never resolve (LAUNCH-004);
 * and counts of consecutive and cumulative breaches and of firings.
 */

/** State of an alerting rule. Prometheus's "resolved" is `inactive` after `firing`. */
export type RuleStateName = 'inactive' | 'pending' | 'firing';

/** What a missing evaluation means (plan `no_data`). */
export type NoDataPolicy = 'keep_state' | 'alert' | 'ok';

/** The timing and policies of a rule that the state machine needs. */
export interface RuleTiming {
  forMs: number;
  keepFiringForMs: number;
  noData: NoDataPolicy;
  /** With `keep_state`: how many consecutive no-data evaluations keep the state before they count as ok. */
  noDataMaxEvaluations: number;
  /** A separate clear condition: a firing rule resolves only after it held this long. */
  clearForMs?: number;
  /** A terminal rule stays firing once it fired. */
  terminal?: boolean;
}

/** The stored state of one rule of one launch. Times are epoch milliseconds. */
export interface RuleState {
  state: RuleStateName;
  activeAt: number | null;
  firedAt: number | null;
  keepFiringSince: number | null;
  clearSince: number | null;
  lastEvalAt: number | null;
  consecutiveBreaches: number;
  cumulativeBreaches: number;
  consecutiveNoData: number;
  fireCount: number;
}

/** The outcome of evaluating a rule's condition (and its clear condition, when it has one). */
export interface EvaluationOutcome {
  condition: 'breach' | 'ok' | 'no_data';
  /** Whether the clear condition holds; `undefined` for rules without one or when unknown. */
  clearMet?: boolean;
}

/** A change of state; `event` is set when it must be announced (firing or resolved). */
export interface RuleTransition {
  from: RuleStateName;
  to: RuleStateName;
  event: 'firing' | 'resolved' | null;
}

/** The state of a rule that has never been evaluated. */
export const initialRuleState: RuleState = {
  state: 'inactive',
  activeAt: null,
  firedAt: null,
  keepFiringSince: null,
  clearSince: null,
  lastEvalAt: null,
  consecutiveBreaches: 0,
  cumulativeBreaches: 0,
  consecutiveNoData: 0,
  fireCount: 0,
};

/**
 * The next state of a rule after one evaluation at `at` (epoch ms), and the transition, if any.
 *
 * @example
 * const timing = { forMs: 60_000, keepFiringForMs: 0, noData: 'ok', noDataMaxEvaluations: 0 } as const;
 * let { next } = stepRule(timing, initialRuleState, { condition: 'breach' }, 0); // pending
 * ({ next } = stepRule(timing, next, { condition: 'breach' }, 60_000)); // firing
 */
export function stepRule(
  timing: RuleTiming,
  previous: RuleState,
  outcome: EvaluationOutcome,
  at: number,
): { next: RuleState; transition: RuleTransition | null } {
  const counted = { ...previous, lastEvalAt: at };
  const condition = effectiveCondition(timing, previous, outcome.condition);
  if (condition === 'hold') {
    return finish(previous, { ...counted, consecutiveNoData: previous.consecutiveNoData + 1 });
  }
  const breached = condition === 'breach';
  const base: RuleState = {
    ...counted,
    consecutiveNoData: outcome.condition === 'no_data' ? previous.consecutiveNoData + 1 : 0,
    consecutiveBreaches: breached ? previous.consecutiveBreaches + 1 : 0,
    cumulativeBreaches: previous.cumulativeBreaches + (breached ? 1 : 0),
  };
  if (previous.state === 'firing')
    return finish(previous, stepFiring(timing, base, breached, outcome, at));
  if (!breached) return finish(previous, { ...base, state: 'inactive', activeAt: null });
  const activeAt = previous.state === 'pending' ? (previous.activeAt ?? at) : at;
  if (at - activeAt >= timing.forMs) {
    return finish(previous, {
      ...base,
      state: 'firing',
      activeAt,
      firedAt: at,
      keepFiringSince: null,
      clearSince: null,
      fireCount: previous.fireCount + 1,
    });
  }
  return finish(previous, { ...base, state: 'pending', activeAt });
}

function effectiveCondition(
  timing: RuleTiming,
  previous: RuleState,
  condition: EvaluationOutcome['condition'],
): 'breach' | 'ok' | 'hold' {
  if (condition !== 'no_data') return condition;
  if (timing.noData === 'alert') return 'breach';
  if (timing.noData === 'ok') return 'ok';
  return previous.consecutiveNoData < timing.noDataMaxEvaluations ? 'hold' : 'ok';
}

function stepFiring(
  timing: RuleTiming,
  base: RuleState,
  breached: boolean,
  outcome: EvaluationOutcome,
  at: number,
): RuleState {
  if (timing.terminal) return base;
  if (timing.clearForMs !== undefined) {
    if (outcome.clearMet !== true) return { ...base, clearSince: null };
    const clearSince = base.clearSince ?? at;
    return at - clearSince >= timing.clearForMs ? resolved(base) : { ...base, clearSince };
  }
  if (breached) return { ...base, keepFiringSince: null };
  const keepFiringSince = base.keepFiringSince ?? at;
  return at - keepFiringSince < timing.keepFiringForMs
    ? { ...base, keepFiringSince }
    : resolved(base);
}

function resolved(base: RuleState): RuleState {
  return { ...base, state: 'inactive', activeAt: null, keepFiringSince: null, clearSince: null };
}

function finish(
  previous: RuleState,
  next: RuleState,
): { next: RuleState; transition: RuleTransition | null } {
  if (previous.state === next.state) return { next, transition: null };
  const event =
    next.state === 'firing' ? 'firing' : previous.state === 'firing' ? 'resolved' : null;
  return { next, transition: { from: previous.state, to: next.state, event } };
}
