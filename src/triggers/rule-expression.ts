/**
 * The expressions of custom trigger rules: one series compared with a number, in PromQL syntax,
 * e.g. `error_rate > 2` or `error_rate{service="checkout"} >= 2.5`.
 */
import { UserError } from '../shared/errors.ts';

/** A comparison operator of a rule expression. */
export type ComparisonOperator = '<' | '>' | '<=' | '>=';

/** One series (name and label matchers) compared with a threshold. */
export interface ThresholdCondition {
  metric: string;
  labels: Readonly<Record<string, string>>;
  operator: ComparisonOperator;
  threshold: number;
}

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const expressionPattern =
  /^\s*([^\s{<>=]+)\s*(?:\{([^}]*)\})?\s*(<=|>=|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*$/i;
const labelPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Parses `metric{label="v"} <op> number`. Throws `UserError` `invalid_rule_expression` naming
 * what is wrong.
 *
 * @example
 * parseRuleExpression('error_rate{service="checkout"} > 2');
 * // { metric: 'error_rate', labels: { service: 'checkout' }, operator: '>', threshold: 2 }
 */
export function parseRuleExpression(expression: string): ThresholdCondition {
  const match = expressionPattern.exec(expression);
  if (!match) {
    throw invalid(
      expression,
      'expected `metric <op> number` with <op> one of <, >, <=, >= (and an optional {label="value"} selector)',
    );
  }
  const [, metric = '', selector, operator = '>', threshold = ''] = match;
  if (!metricNamePattern.test(metric)) {
    throw invalid(expression, `'${metric}' is not a metric name (letters, digits, '_' and ':')`);
  }
  const value = Number(threshold);
  if (!Number.isFinite(value)) throw invalid(expression, `threshold ${threshold} is not finite`);
  return {
    metric,
    labels: parseSelector(expression, selector ?? ''),
    operator: operator as ComparisonOperator,
    threshold: value,
  };
}

function parseSelector(expression: string, selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (selector.trim() === '') return labels;
  for (const part of selector.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    if (part.trim() === '') continue;
    const match = labelPattern.exec(part);
    if (!match) throw invalid(expression, `bad label matcher '${part.trim()}' (use name="value")`);
    const [, name = '', value = ''] = match;
    if (name in labels) throw invalid(expression, `label '${name}' is matched twice`);
    labels[name] = value.replace(/\\(.)/g, '$1');
  }
  return labels;
}

function invalid(expression: string, why: string): UserError {
  return new UserError(
    'invalid_rule_expression',
    `invalid rule expression '${expression}': ${why}`,
  );
}

/**
 * Whether `value` breaches the condition (NaN never does, as in PromQL).
 *
 * @example
 * breaches({ metric: 'uptime', labels: {}, operator: '<', threshold: 90 }, 87.2); // true
 */
export function breaches(condition: ThresholdCondition, value: number): boolean {
  switch (condition.operator) {
    case '<':
      return value < condition.threshold;
    case '>':
      return value > condition.threshold;
    case '<=':
      return value <= condition.threshold;
    case '>=':
      return value >= condition.threshold;
  }
}

/**
 * The condition as text, e.g. `error_rate{service="checkout"} > 2`.
 *
 * @example
 * formatCondition(parseRuleExpression('uptime<90')); // 'uptime < 90'
 */
export function formatCondition(condition: ThresholdCondition): string {
  return `${formatSelector(condition)} ${condition.operator} ${condition.threshold}`;
}

/**
 * The series selector as text, e.g. `error_rate{service="checkout"}`.
 *
 * @example
 * formatSelector({ metric: 'uptime', labels: {} }); // 'uptime'
 */
export function formatSelector(series: Pick<ThresholdCondition, 'metric' | 'labels'>): string {
  const labels = Object.entries(series.labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',');
  return `${series.metric}${labels ? `{${labels}}` : ''}`;
}
