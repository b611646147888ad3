import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.ts';
import { breaches, formatCondition, parseRuleExpression } from './rule-expression.ts';

describe('parseRuleExpression', () => {
  it('parses each operator, decimals and negative thresholds', () => {
    expect(parseRuleExpression('uptime < 90')).toEqual({
      metric: 'uptime',
      labels: {},
      operator: '<',
      threshold: 90,
    });
    expect(parseRuleExpression('error_rate>=2.5').operator).toBe('>=');
    expect(parseRuleExpression('nps <= -10').threshold).toBe(-10);
    expect(parseRuleExpression('queue:depth > 1e3').threshold).toBe(1000);
  });

  it('parses a label selector', () => {
    expect(parseRuleExpression('error_rate{service="checkout", region="eu"} > 2').labels).toEqual({
      service: 'checkout',
      region: 'eu',
    });
    expect(formatCondition(parseRuleExpression('error_rate{service="a"}>2'))).toBe(
      'error_rate{service="a"} > 2',
    );
  });

  it.each([
    ['', 'expected `metric <op> number`'],
    ['uptime', 'expected `metric <op> number`'],
    ['uptime == 90', 'expected `metric <op> number`'],
    ['uptime < ninety', 'expected `metric <op> number`'],
    ['rate(x[5m]) > 1', "'rate(x[5m])' is not a metric name"],
    ['9lives > 1', "'9lives' is not a metric name"],
    ['error_rate{service=checkout} > 2', "bad label matcher 'service=checkout'"],
    ['error_rate{a="1",a="2"} > 2', "label 'a' is matched twice"],
  ])('rejects %j', (expression, message) => {
    let error: unknown;
    try {
      parseRuleExpression(expression);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('invalid_rule_expression');
    expect((error as UserError).message).toContain(message);
  });

  it('compares like PromQL: NaN never breaches', () => {
    const below = parseRuleExpression('uptime < 90');
    expect(breaches(below, 89.9)).toBe(true);
    expect(breaches(below, 90)).toBe(false);
    expect(breaches(below, Number.NaN)).toBe(false);
    expect(breaches(parseRuleExpression('uptime <= 90'), 90)).toBe(true);
  });
});
