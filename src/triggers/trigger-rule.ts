/**
 * A trigger rule as the engine evaluates it: conditions over metrics, timing and policies, and
 * what a transition announces. Built from the plan by `rulesForLaunch` or from a rules-test file.
 */

import { parseDuration } from '../plan/durations.ts';
import { UserError } from '../shared/errors.ts';
import { parseRuleExpression, type ThresholdCondition } from './rule-expression.ts';
import type { NoDataPolicy, RuleTiming } from './rule-state-machine.ts';
import type { AlertLevel } from './trigger-event.ts';

/** A threshold condition as a rule uses it. */
export interface RuleCondition extends ThresholdCondition {
  /** Suffix shown after numbers in reasons: ' %', ' ms', ' min', or '' for plain numbers. */
  unit: string;
  /** Lookback window passed to the metric reader (e.g. uptime over 7 days). */
  windowMs?: number;
  /** A threshold that moves with time (LAUNCH-002's pro-rated target); wins over `threshold`. */
  thresholdAt?: (atMs: number) => number;
}

/** One rule of one launch. */
export interface TriggerRule extends RuleTiming {
  /** `LAUNCH-001.rollback_uptime` or a custom rule id. */
  id: string;
  /** `LAUNCH-001`…`LAUNCH-004`, or the custom rule id. */
  triggerId: string;
  summary: string;
  /** All must hold for a breach (one for most rules; LAUNCH-004 is a conjunction). */
  conditions: RuleCondition[];
  /** Separate clear condition (all must hold for `clearForMs`). */
  clear?: RuleCondition[];
  intervalMs: number;
  /** Before this instant (epoch ms) the rule is not yet due and evaluates as ok. */
  activeFromMs?: number;
  level: AlertLevel;
  severity?: 'P0' | 'P1' | 'P2' | 'P3';
}

/** A custom rule as written in the plan (`triggers.rules[]`) or in a rules-test rule file. */
export interface CustomRuleInput {
  id: string;
  summary?: string | undefined;
  expr: string;
  for?: string | undefined;
  keep_firing_for?: string | undefined;
  no_data?: NoDataPolicy | undefined;
  severity?: 'P0' | 'P1' | 'P2' | 'P3' | undefined;
}

/** Defaults shared by every rule of a launch. */
export interface RuleDefaults {
  intervalMs: number;
  noDataMaxEvaluations: number;
}

/** 30 s evaluations; `keep_state` bridges up to 3 evaluations without data. */
export const defaultRuleDefaults: RuleDefaults = { intervalMs: 30_000, noDataMaxEvaluations: 3 };

/**
 * Compiles a custom rule. Throws `UserError` for a malformed expression or duration.
 *
 * @example
 * customRule({ id: 'signup-errors', expr: 'signup_error_rate > 2', for: '5m' }, defaultRuleDefaults);
 */
export function customRule(input: CustomRuleInput, defaults: RuleDefaults): TriggerRule {
  const condition = parseRuleExpression(input.expr);
  const severity = input.severity ?? 'P2';
  return {
    id: input.id,
    triggerId: input.id,
    summary: input.summary ?? input.expr,
    conditions: [{ ...condition, unit: '' }],
    intervalMs: defaults.intervalMs,
    forMs: durationMs(input.for, `${input.id}.for`),
    keepFiringForMs: durationMs(input.keep_firing_for, `${input.id}.keep_firing_for`),
    noData: input.no_data ?? 'keep_state',
    noDataMaxEvaluations: defaults.noDataMaxEvaluations,
    level: severity === 'P0' || severity === 'P1' ? 'critical' : 'warning',
    severity,
  };
}

function durationMs(text: string | undefined, field: string): number {
  if (text === undefined) return 0;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UserError('invalid_duration', `${field}: '${text}' is not a duration like "5m"`);
  }
  return ms;
}

/** The threshold of a condition at `atMs`. */
export function thresholdOf(condition: RuleCondition, atMs: number): number {
  return condition.thresholdAt ? condition.thresholdAt(atMs) : condition.threshold;
}

/**
 * A duration the way Prometheus prints it: `5m0s`, `1h0m0s`, `30s`, `0s`.
 *
 * @example
 * formatGoDuration(300_000); // '5m0s'
 */
export function formatGoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
