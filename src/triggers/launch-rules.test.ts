import { describe, expect, it } from 'vitest';
import type { MetricReader } from '../metrics/metric-reader.ts';
import { defaultParameterValues } from '../plan/parameters.ts';
import { triggersSchema } from '../plan/sections/triggers.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { rulesForLaunch } from './launch-rules.ts';
import type { TriggerRule } from './trigger-rule.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const HOUR = 3_600_000;
const parameters = defaultParameterValues();
const rulesOf = (triggers: unknown = {}, values = parameters) =>
  rulesForLaunch({ triggers: triggersSchema.parse(triggers) }, values, { t0: T0 });
const byId = (rules: TriggerRule[], id: string) => {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};
const readerOf = (values: Record<string, number | null>): MetricReader => ({
  read: async ({ name }) =>
    values[name] === undefined || values[name] === null
      ? { value: null, reason: 'not reported' }
      : { value: values[name] },
});

describe('rulesForLaunch', () => {
  it('generates LAUNCH-001…004 with the SPEC §3 defaults', () => {
    const rules = rulesOf();
    expect(rules.map((r) => r.id)).toEqual([
      'LAUNCH-001.rollback_uptime',
      'LAUNCH-001.rollback_error_rate',
      'LAUNCH-001.incident_error_rate',
      'LAUNCH-001.incident_p95_response',
      'LAUNCH-002.warning',
      'LAUNCH-002.below_target',
      'LAUNCH-003.ticket_surge',
      'LAUNCH-003.early_surge',
      'LAUNCH-003.slow_first_response',
      'LAUNCH-003.backlog',
      'LAUNCH-004.success',
    ]);
    expect(byId(rules, 'LAUNCH-001.rollback_uptime')).toMatchObject({
      conditions: [{ metric: 'uptime', operator: '<', threshold: 90 }],
      forMs: 5 * 60_000,
      level: 'critical',
      severity: 'P0',
      noData: 'keep_state',
      clear: [
        { metric: 'uptime', operator: '>=', threshold: 95 },
        { metric: 'error_rate', operator: '<', threshold: 1 },
      ],
      clearForMs: HOUR,
    });
    expect(byId(rules, 'LAUNCH-001.rollback_error_rate')).toMatchObject({
      conditions: [{ metric: 'error_rate', operator: '>', threshold: 10 }],
      forMs: 2 * 60_000,
      severity: 'P1',
    });
    expect(byId(rules, 'LAUNCH-001.incident_error_rate').conditions[0]?.threshold).toBe(5);
    expect(byId(rules, 'LAUNCH-001.incident_p95_response').conditions[0]?.threshold).toBe(2000);
    expect(byId(rules, 'LAUNCH-003.ticket_surge').conditions[0]?.threshold).toBe(100);
    expect(byId(rules, 'LAUNCH-003.early_surge').conditions[0]?.threshold).toBe(50);
    expect(byId(rules, 'LAUNCH-003.slow_first_response').conditions[0]?.threshold).toBe(120);
    expect(byId(rules, 'LAUNCH-003.backlog').conditions[0]?.threshold).toBe(200);
    expect(byId(rules, 'LAUNCH-004.success')).toMatchObject({ terminal: true, level: 'info' });
  });

  it('follows parameters, plan thresholds, no_data and enabled', () => {
    const rules = rulesOf(
      {
        builtin: {
          'LAUNCH-001': { no_data: 'alert', thresholds: { rollback_uptime_for_minutes: 3 } },
          'LAUNCH-003': { enabled: false },
        },
      },
      { ...parameters, rollback_trigger_uptime: 80 },
    );
    expect(byId(rules, 'LAUNCH-001.rollback_uptime')).toMatchObject({
      conditions: [{ threshold: 80 }],
      forMs: 3 * 60_000,
      noData: 'alert',
    });
    expect(rules.some((r) => r.triggerId === 'LAUNCH-003')).toBe(false);
  });

  it('adds custom rules from plan.triggers.rules', () => {
    const rules = rulesOf({
      rules: [
        {
          id: 'checkout',
          expr: 'error_rate{service="checkout"} > 2',
          for: '5m',
          keep_firing_for: '10m',
          severity: 'P1',
        },
      ],
    });
    expect(byId(rules, 'checkout')).toMatchObject({
      triggerId: 'checkout',
      conditions: [{ metric: 'error_rate', labels: { service: 'checkout' }, threshold: 2 }],
      forMs: 300_000,
      keepFiringForMs: 600_000,
      level: 'critical',
      severity: 'P1',
    });
  });

  it('LAUNCH-002 compares acquisition with the pro-rated target from 24 h and 48 h', async () => {
    const rules = rulesOf();
    const warning = byId(rules, 'LAUNCH-002.warning');
    const below = byId(rules, 'LAUNCH-002.below_target');
    const at = (hours: number) => T0.getTime() + hours * HOUR;
    // Before 24 h nothing is due, however low acquisition is.
    expect((await evaluateRule(warning, readerOf({ new_users: 0 }), 'l', at(23))).outcome).toEqual({
      condition: 'ok',
    });
    // At 24 h the pro-rated target is the day-1 target (100): 25 % of it is 25.
    const day1 = await evaluateRule(warning, readerOf({ new_users: 20 }), 'l', at(24));
    expect(day1.outcome.condition).toBe('breach');
    expect(day1.reason).toBe('new_users 20 < 25');
    // At 48 h: 100 + (500 − 100) / 6 ≈ 166.67; 50 % ≈ 83.33; clears at 75 % ≈ 125.
    const day2 = await evaluateRule(below, readerOf({ new_users: 80 }), 'l', at(48));
    expect(day2.outcome).toEqual({ condition: 'breach', clearMet: false });
    const recovered = await evaluateRule(below, readerOf({ new_users: 130 }), 'l', at(48));
    expect(recovered.outcome).toEqual({ condition: 'ok', clearMet: true });
  });

  it('LAUNCH-004 needs every success criterion, after the validation window', async () => {
    const success = byId(rulesOf(), 'LAUNCH-004.success');
    const good = { uptime: 99, new_users: 600, returning_users_48h: 55, nps: 45 };
    const day8 = T0.getTime() + 8 * 24 * HOUR;
    expect((await evaluateRule(success, readerOf(good), 'l', day8)).outcome.condition).toBe(
      'breach',
    );
    expect(
      (await evaluateRule(success, readerOf({ ...good, nps: 30 }), 'l', day8)).outcome.condition,
    ).toBe('ok');
    expect(
      (await evaluateRule(success, readerOf({ ...good, nps: null }), 'l', day8)).outcome.condition,
    ).toBe('no_data');
    expect(
      (await evaluateRule(success, readerOf(good), 'l', T0.getTime() + 24 * HOUR)).outcome
        .condition,
    ).toBe('ok');
  });
});
