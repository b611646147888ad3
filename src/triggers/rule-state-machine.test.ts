import { describe, expect, it } from 'vitest';
import {
  type EvaluationOutcome,
  initialRuleState,
  type RuleState,
  type RuleTiming,
  stepRule,
} from './rule-state-machine.ts';

const MIN = 60_000;
const timing = (overrides: Partial<RuleTiming> = {}): RuleTiming => ({
  forMs: 2 * MIN,
  keepFiringForMs: 0,
  noData: 'ok',
  noDataMaxEvaluations: 0,
  ...overrides,
});

/** Runs outcomes at 0, 1m, 2m, … and returns the state names and transition events. */
function replay(
  rule: RuleTiming,
  outcomes: (EvaluationOutcome | EvaluationOutcome['condition'])[],
) {
  let state: RuleState = initialRuleState;
  const states: string[] = [];
  const events: string[] = [];
  outcomes.forEach((outcome, i) => {
    const step = stepRule(
      rule,
      state,
      typeof outcome === 'string' ? { condition: outcome } : outcome,
      i * MIN,
    );
    state = step.next;
    states.push(state.state);
    if (step.transition?.event) events.push(`${i}:${step.transition.event}`);
  });
  return { states, events, state };
}

describe('stepRule (Prometheus alerting semantics)', () => {
  it('goes inactive → pending → firing once the condition held for `for`', () => {
    const { states, events, state } = replay(timing(), ['breach', 'breach', 'breach', 'breach']);
    expect(states).toEqual(['pending', 'pending', 'firing', 'firing']);
    expect(events).toEqual(['2:firing']);
    expect(state.activeAt).toBe(0);
    expect(state.firedAt).toBe(2 * MIN);
  });

  it('fires at the first breach with for: 0', () => {
    expect(replay(timing({ forMs: 0 }), ['breach']).states).toEqual(['firing']);
  });

  it('resets pending on one false or one missing evaluation', () => {
    expect(replay(timing(), ['breach', 'ok', 'breach', 'breach', 'breach']).states).toEqual([
      'pending',
      'inactive',
      'pending',
      'pending',
      'firing',
    ]);
    expect(replay(timing(), ['breach', 'no_data', 'breach']).states).toEqual([
      'pending',
      'inactive',
      'pending',
    ]);
  });

  it('resolves a firing rule at the first false evaluation without keep_firing_for', () => {
    const { states, events } = replay(timing({ forMs: 0 }), ['breach', 'ok', 'breach']);
    expect(states).toEqual(['firing', 'inactive', 'firing']);
    expect(events).toEqual(['0:firing', '1:resolved', '2:firing']);
  });

  it('keeps firing for keep_firing_for after the condition goes false, reset by a breach', () => {
    const rule = timing({ forMs: 0, keepFiringForMs: 2 * MIN });
    expect(replay(rule, ['breach', 'ok', 'ok', 'ok']).states).toEqual([
      'firing',
      'firing',
      'firing',
      'inactive',
    ]);
    expect(replay(rule, ['breach', 'ok', 'breach', 'ok', 'ok', 'ok']).states).toEqual([
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'inactive',
    ]);
  });

  it('holds its state through no data with keep_state, up to N evaluations', () => {
    const rule = timing({ noData: 'keep_state', noDataMaxEvaluations: 2 });
    const { states, state } = replay(rule, ['breach', 'no_data', 'no_data', 'no_data']);
    expect(states).toEqual(['pending', 'pending', 'pending', 'inactive']);
    expect(state.consecutiveNoData).toBe(3);
    const firing = replay(timing({ forMs: 0, noData: 'keep_state', noDataMaxEvaluations: 2 }), [
      'breach',
      'no_data',
      'no_data',
      'breach',
    ]);
    expect(firing.states).toEqual(['firing', 'firing', 'firing', 'firing']);
    expect(firing.events).toEqual(['0:firing']);
  });

  it('never fires on no data with keep_state or ok, and does with alert', () => {
    const missing = ['no_data', 'no_data', 'no_data', 'no_data'] as const;
    expect(
      replay(timing({ noData: 'keep_state', noDataMaxEvaluations: 3 }), [...missing]).states,
    ).toEqual(['inactive', 'inactive', 'inactive', 'inactive']);
    expect(replay(timing({ noData: 'ok' }), [...missing]).states.at(-1)).toBe('inactive');
    expect(replay(timing({ noData: 'alert' }), [...missing]).states).toEqual([
      'pending',
      'pending',
      'firing',
      'firing',
    ]);
  });

  it('resolves a rule with a clear condition only after it held for clearFor', () => {
    const rule = timing({ forMs: 0, clearForMs: 2 * MIN });
    const clear = { condition: 'ok', clearMet: true } as const;
    const notClear = { condition: 'ok', clearMet: false } as const;
    const { states, events } = replay(rule, ['breach', clear, notClear, clear, clear, clear]);
    expect(states).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'inactive']);
    expect(events).toEqual(['0:firing', '5:resolved']);
  });

  it('keeps a terminal rule firing', () => {
    expect(
      replay(timing({ forMs: 0, terminal: true }), ['breach', 'ok', 'no_data']).states,
    ).toEqual(['firing', 'firing', 'firing']);
  });

  it('counts consecutive and cumulative breaches and firings', () => {
    const { state } = replay(timing({ forMs: 0 }), [
      'breach',
      'breach',
      'ok',
      'breach',
      'ok',
      'breach',
    ]);
    expect(state).toMatchObject({ consecutiveBreaches: 1, cumulativeBreaches: 4, fireCount: 3 });
  });

  it('matches the run-length rule on every breach/ok sequence of length 8', () => {
    // With no_data: ok and no keep_firing_for, the state after each evaluation depends only on
    // the current run of consecutive breaches: 0 → inactive, 1…for/interval → pending, more → firing.
    const forSteps = 2;
    for (let bits = 0; bits < 2 ** 8; bits++) {
      const outcomes = Array.from({ length: 8 }, (_, i): 'breach' | 'ok' =>
        (bits >> i) & 1 ? 'breach' : 'ok',
      );
      const { states } = replay(timing({ forMs: forSteps * MIN }), outcomes);
      let run = 0;
      const expected = outcomes.map((o) => {
        run = o === 'breach' ? run + 1 : 0;
        return run === 0 ? 'inactive' : run <= forSteps ? 'pending' : 'firing';
      });
      expect(states, outcomes.join(' ')).toEqual(expected);
    }
  });
});
