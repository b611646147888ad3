/**
 * The rules of a launch: LAUNCH-001…004 (SPEC §3) generated from the plan's thresholds and
 * parameters, plus the plan's custom rules. Metric names are those of SPEC §5
 * (`src/plan/sections/metric-sources.ts`); `p95_response_time` is in ms, `first_response_time`
 * in minutes, rates and shares in %.
 */
import { type LaunchTriggerId, launchTriggerThresholdsOf } from '../plan/launch-triggers.ts';
import type { ParameterValues } from '../plan/parameters.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { t0Instant } from '../plan/time.ts';
import {
  customRule,
  defaultRuleDefaults,
  type RuleCondition,
  type RuleDefaults,
  type TriggerRule,
} from './trigger-rule.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The plan sections rules are generated from. */
export type RulePlan = Pick<LaunchPlan, 'triggers'> & Partial<Pick<LaunchPlan, 't0' | 'venture'>>;

/**
 * Every enabled rule of a launch. `t0` defaults to the plan's T0 in the venture's time zone.
 *
 * @example
 * const rules = rulesForLaunch(plan, parameterValuesOf(resolveParameters({ plan })));
 * rules.map((r) => r.id); // ['LAUNCH-001.rollback_uptime', …, 'signup-errors']
 */
export function rulesForLaunch(
  plan: RulePlan,
  parameters: ParameterValues,
  options: Partial<RuleDefaults> & { t0?: Date } = {},
): TriggerRule[] {
  const defaults = { ...defaultRuleDefaults, ...options };
  const planT0 = plan.t0 && plan.venture ? t0Instant(plan.t0, plan.venture.timezone) : undefined;
  const t0 = (options.t0 ?? planT0 ?? new Date(0)).getTime();
  const builtin = plan.triggers.builtin;
  const setting = (id: LaunchTriggerId) => {
    const config = builtin[id];
    return {
      enabled: config?.enabled ?? true,
      base: {
        triggerId: id,
        intervalMs: defaults.intervalMs,
        noData: config?.no_data ?? 'keep_state',
        noDataMaxEvaluations: defaults.noDataMaxEvaluations,
        keepFiringForMs: 0,
      },
      overrides: (config?.thresholds ?? {}) as Record<string, number>,
    };
  };
  const generators = {
    'LAUNCH-001': launch001,
    'LAUNCH-002': launch002,
    'LAUNCH-003': launch003,
    'LAUNCH-004': launch004,
  } as const;
  const builtinRules = (Object.keys(generators) as LaunchTriggerId[]).flatMap((id) => {
    const { enabled, base, overrides } = setting(id);
    return enabled ? generators[id](base, parameters, overrides, t0) : [];
  });
  return [...builtinRules, ...plan.triggers.rules.map((rule) => customRule(rule, defaults))];
}

type Base = Pick<
  TriggerRule,
  'triggerId' | 'intervalMs' | 'noData' | 'noDataMaxEvaluations' | 'keepFiringForMs'
>;
type Generator = (
  base: Base,
  parameters: ParameterValues,
  overrides: Record<string, number>,
  t0: number,
) => TriggerRule[];

const condition = (
  metric: string,
  operator: RuleCondition['operator'],
  threshold: number,
  unit: string,
  extra: Partial<RuleCondition> = {},
): RuleCondition => ({ metric, labels: {}, operator, threshold, unit, ...extra });

const launch001: Generator = (base, parameters, overrides) => {
  const t = launchTriggerThresholdsOf('LAUNCH-001', parameters, overrides);
  const clear = [
    condition('uptime', '>=', t.clear_uptime_at_least.value, ' %'),
    condition('error_rate', '<', t.clear_error_rate_below.value, ' %'),
  ];
  const common = { ...base, clear, clearForMs: t.clear_for_minutes.value * minute };
  return [
    {
      ...common,
      id: 'LAUNCH-001.rollback_uptime',
      summary: 'Uptime low enough to propose a rollback',
      conditions: [condition('uptime', '<', t.rollback_uptime_below.value, ' %')],
      forMs: t.rollback_uptime_for_minutes.value * minute,
      level: 'critical',
      severity: 'P0',
    },
    {
      ...common,
      id: 'LAUNCH-001.rollback_error_rate',
      summary: 'Error rate high enough to propose a rollback',
      conditions: [condition('error_rate', '>', t.rollback_error_rate_above.value, ' %')],
      forMs: t.rollback_error_rate_for_minutes.value * minute,
      level: 'critical',
      severity: 'P1',
    },
    {
      ...common,
      id: 'LAUNCH-001.incident_error_rate',
      summary: 'Error rate above the launch maximum',
      conditions: [condition('error_rate', '>', t.incident_error_rate_above.value, ' %')],
      forMs: 0,
      level: 'warning',
      severity: 'P1',
    },
    {
      ...common,
      id: 'LAUNCH-001.incident_p95_response',
      summary: 'p95 response time above the limit',
      conditions: [
        condition('p95_response_time', '>', t.incident_p95_response_ms_above.value, ' ms'),
      ],
      forMs: 0,
      level: 'warning',
      severity: 'P1',
    },
  ];
};

/** Users expected by `atMs`: day-1 target pro-rated over day 1, then towards the week-1 target. */
function proRatedTarget(parameters: ParameterValues, t0: number, atMs: number): number {
  const elapsed = Math.max(0, atMs - t0);
  const day1 = parameters.target_users_day1;
  if (elapsed <= day) return (day1 * elapsed) / day;
  const week1 = parameters.target_users_week1;
  return day1 + ((week1 - day1) * Math.min(elapsed - day, 6 * day)) / (6 * day);
}

const launch002: Generator = (base, parameters, overrides, t0) => {
  const t = launchTriggerThresholdsOf('LAUNCH-002', parameters, overrides);
  const share = (percent: number) => (atMs: number) =>
    (proRatedTarget(parameters, t0, atMs) * percent) / 100;
  const below = (percent: number) =>
    condition('new_users', '<', 0, '', { thresholdAt: share(percent) });
  const clear = [
    condition('new_users', '>=', 0, '', { thresholdAt: share(t.clear_share_at_least.value) }),
  ];
  const common = { ...base, clear, clearForMs: 0, forMs: 0 };
  return [
    {
      ...common,
      id: 'LAUNCH-002.warning',
      summary: `Acquisition below ${t.warning_share_below.value} % of the pro-rated target`,
      conditions: [below(t.warning_share_below.value)],
      activeFromMs: t0 + t.warning_after_hours.value * hour,
      level: 'info',
    },
    {
      ...common,
      id: 'LAUNCH-002.below_target',
      summary: `Acquisition below ${t.fire_share_below.value} % of the pro-rated target`,
      conditions: [below(t.fire_share_below.value)],
      activeFromMs: t0 + t.fire_after_hours.value * hour,
      level: 'warning',
    },
  ];
};

const launch003: Generator = (base, parameters, overrides) => {
  const t = launchTriggerThresholdsOf('LAUNCH-003', parameters, overrides);
  const clear = [
    condition('tickets_per_hour', '<', t.clear_tickets_per_hour_below.value, ''),
    condition('first_response_time', '<', t.clear_first_response_minutes_below.value, ' min'),
  ];
  const common = { ...base, clear, clearForMs: 0, forMs: 0 };
  const rule = (id: string, summary: string, c: RuleCondition, level: TriggerRule['level']) => ({
    ...common,
    id: `LAUNCH-003.${id}`,
    summary,
    conditions: [c],
    level,
  });
  return [
    rule(
      'ticket_surge',
      'Ticket rate above the surge threshold',
      condition('tickets_per_hour', '>', t.tickets_per_hour_above.value, ''),
      'warning',
    ),
    rule(
      'early_surge',
      'Early ticket surge',
      condition('tickets_per_hour', '>', t.early_surge_tickets_per_hour_above.value, ''),
      'info',
    ),
    rule(
      'slow_first_response',
      'Mean first response too slow',
      condition('first_response_time', '>', t.first_response_minutes_above.value, ' min'),
      'warning',
    ),
    rule(
      'backlog',
      'Support backlog too large',
      condition('support_backlog', '>', t.backlog_above.value, ''),
      'warning',
    ),
  ];
};

const launch004: Generator = (base, parameters, overrides, t0) => {
  const t = launchTriggerThresholdsOf('LAUNCH-004', parameters, overrides);
  const windowMs = t.validation_window_days.value * day;
  const usersTarget = (parameters.target_users_week1 * t.users_share_at_least.value) / 100;
  return [
    {
      ...base,
      id: 'LAUNCH-004.success',
      summary: 'Launch success criteria met',
      conditions: [
        condition('uptime', '>=', t.uptime_at_least.value, ' %', { windowMs }),
        condition('new_users', '>=', usersTarget, ''),
        condition('returning_users_48h', '>=', t.return_rate_48h_at_least.value, ' %'),
        condition('nps', '>=', t.nps_at_least.value, ''),
      ],
      forMs: 0,
      activeFromMs: t0 + windowMs,
      terminal: true,
      level: 'info',
    },
  ];
};
