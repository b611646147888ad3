/**
 * Evaluates one rule's conditions at one instant through a `MetricReader`. A reader that throws,
 * or a reading that is missing, NaN or infinite, is *no data* with its reason — never a breach,
 * so a broken source cannot fire a rollback rule by itself (unless the rule's policy says so).
 */
import type { MetricReader, MetricReading } from '../metrics/metric-reader.ts';
import { breaches, formatSelector } from './rule-expression.ts';
import type { EvaluationOutcome } from './rule-state-machine.ts';
import { type RuleCondition, type TriggerRule, thresholdOf } from './trigger-rule.ts';

/** The result of evaluating a rule at one instant. */
export interface RuleEvaluation {
  outcome: EvaluationOutcome;
  /** The first condition's value (null when no data). */
  value: number | null;
  /** e.g. "uptime 87.2 % < 90 %" or "no data: uptime: prometheus timeout". */
  reason: string;
}

type ConditionResult =
  | { kind: 'breach' | 'ok'; value: number; text: string }
  | { kind: 'no_data'; value: null; text: string };

/**
 * Reads every condition (and the clear condition) of `rule` for `launchId` at `atMs`.
 *
 * @example
 * const evaluation = await evaluateRule(rule, reader, launchId, clock.now().getTime());
 * evaluation.outcome.condition; // 'breach' | 'ok' | 'no_data'
 */
export async function evaluateRule(
  rule: TriggerRule,
  reader: MetricReader,
  launchId: string,
  atMs: number,
): Promise<RuleEvaluation> {
  if (rule.activeFromMs !== undefined && atMs < rule.activeFromMs) {
    return {
      outcome: { condition: 'ok' },
      value: null,
      reason: `not yet due (from ${new Date(rule.activeFromMs).toISOString()})`,
    };
  }
  const results = await Promise.all(
    rule.conditions.map((c) => evaluateCondition(c, reader, launchId, atMs)),
  );
  const condition = combine(results);
  const clear = rule.clear
    ? combine(
        await Promise.all(rule.clear.map((c) => evaluateCondition(c, reader, launchId, atMs))),
      )
    : undefined;
  const reason = results.map((r) => r.text).join(' and ');
  return {
    outcome: {
      condition,
      ...(clear === undefined || clear === 'no_data' ? {} : { clearMet: clear === 'breach' }),
    },
    value: results[0]?.value ?? null,
    reason,
  };
}

/** All conditions hold → breach; any that does not → ok; otherwise (some unknown) → no data. */
function combine(results: ConditionResult[]): EvaluationOutcome['condition'] {
  if (results.some((r) => r.kind === 'ok')) return 'ok';
  if (results.some((r) => r.kind === 'no_data')) return 'no_data';
  return 'breach';
}

async function evaluateCondition(
  condition: RuleCondition,
  reader: MetricReader,
  launchId: string,
  atMs: number,
): Promise<ConditionResult> {
  const reading = await safeRead(reader, {
    launchId,
    name: condition.metric,
    labels: condition.labels,
    at: new Date(atMs),
    ...(condition.windowMs === undefined ? {} : { windowMs: condition.windowMs }),
  });
  const threshold = thresholdOf(condition, atMs);
  if (reading.value === null) {
    return {
      kind: 'no_data',
      value: null,
      text: `no data for ${condition.metric}: ${reading.reason ?? 'no reading'}`,
    };
  }
  const value = reading.value;
  const breached = breaches({ ...condition, threshold }, value);
  const { unit } = condition;
  const text = `${formatSelector(condition)} ${round(value)}${unit} ${condition.operator} ${round(threshold)}${unit}`;
  return { kind: breached ? 'breach' : 'ok', value, text: breached ? text : `not ${text}` };
}

async function safeRead(
  reader: MetricReader,
  query: Parameters<MetricReader['read']>[0],
): Promise<MetricReading> {
  let reading: MetricReading;
  try {
    reading = await reader.read(query);
  } catch (error) {
    return { value: null, reason: `reader failed: ${(error as Error)?.message ?? String(error)}` };
  }
  if (reading.value !== null && !Number.isFinite(reading.value)) {
    return { value: null, reason: `reading is ${reading.value}` };
  }
  return reading;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
