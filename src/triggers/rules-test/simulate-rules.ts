/**
 * Runs rules over input series the way `promtool test rules` does — an evaluation every
 * `evaluation_interval` from 0, each reading the latest sample at or before that time within a
 * 5-minute lookback (a staleness marker ends a series at once) — through the engine's own
 * `evaluateRule` and `stepRule`, so the test tool and the engine cannot disagree.
 */
import type { MetricReader } from '../../metrics/metric-reader.ts';
import { noData } from '../../metrics/metric-reader.ts';
import { evaluateRule } from '../evaluate-rule.ts';
import { initialRuleState, type RuleStateName, stepRule } from '../rule-state-machine.ts';
import type { TriggerRule } from '../trigger-rule.ts';
import type { SeriesSelector, SeriesValue } from './series-notation.ts';

/** Prometheus's default lookback delta. */
export const lookbackMs = 5 * 60_000;

/** One input series with its samples at 0, interval, 2·interval, … */
export interface InputSeries extends SeriesSelector {
  values: SeriesValue[];
  intervalMs: number;
}

/** The state of one alert (a rule over one matching series) after each evaluation. */
export interface AlertTimeline {
  ruleId: string;
  /** Labels of the series it follows (the rule's own selector when no series matches). */
  labels: Record<string, string>;
  /** State after the evaluation at `t` ms, for t = 0, interval, … */
  steps: { t: number; state: RuleStateName }[];
}

/**
 * Evaluates `rules` at 0, `evaluationIntervalMs`, … up to `untilMs` (inclusive).
 *
 * @example
 * const timelines = await simulateRules(rules, series, { evaluationIntervalMs: 60_000, untilMs: 600_000 });
 */
export async function simulateRules(
  rules: ReadonlyArray<TriggerRule>,
  series: ReadonlyArray<InputSeries>,
  options: { evaluationIntervalMs: number; untilMs: number },
): Promise<AlertTimeline[]> {
  const timelines: AlertTimeline[] = [];
  for (const rule of rules) {
    const condition = rule.conditions[0];
    if (!condition) continue;
    const matching = series.filter(
      (s) =>
        s.metric === condition.metric &&
        Object.entries(condition.labels).every(([name, value]) => s.labels[name] === value),
    );
    const followed = matching.length > 0 ? matching : [null];
    for (const one of followed) {
      const reader = one ? seriesReader(one) : absentReader;
      let state = initialRuleState;
      const steps: AlertTimeline['steps'] = [];
      for (let t = 0; t <= options.untilMs; t += options.evaluationIntervalMs) {
        const evaluation = await evaluateRule(rule, reader, 'rules-test', t);
        state = stepRule(rule, state, evaluation.outcome, t).next;
        steps.push({ t, state: state.state });
      }
      timelines.push({
        ruleId: rule.id,
        labels: one ? one.labels : { ...condition.labels },
        steps,
      });
    }
  }
  return timelines;
}

const absentReader: MetricReader = {
  read: async () => noData('no input series matches'),
};

/** A reader over one series: the latest sample at or before `at` within the lookback. */
function seriesReader(series: InputSeries): MetricReader {
  return {
    read: async ({ at }) => {
      const t = at.getTime();
      for (
        let i = Math.min(series.values.length - 1, Math.floor(t / series.intervalMs));
        i >= 0;
        i--
      ) {
        const sampleAt = i * series.intervalMs;
        if (t - sampleAt > lookbackMs) break;
        const value = series.values[i];
        if (value === null || value === undefined) continue;
        if (value === 'stale') return noData('series is stale');
        return { value };
      }
      return noData('no sample in the last 5m');
    },
  };
}

/**
 * The state changes of a timeline, with times in seconds from the start.
 *
 * @example
 * transitionsOf(timeline); // [{ t: 60, state: 'pending' }, { t: 180, state: 'firing' }]
 */
export function transitionsOf(timeline: AlertTimeline): { t: number; state: RuleStateName }[] {
  const transitions: { t: number; state: RuleStateName }[] = [];
  let previous: RuleStateName = 'inactive';
  for (const step of timeline.steps) {
    if (step.state !== previous) transitions.push({ t: step.t / 1000, state: step.state });
    previous = step.state;
  }
  return transitions;
}
