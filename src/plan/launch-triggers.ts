/**
 * The built-in triggers LAUNCH-001…004 of SPEC §3: their thresholds, each with a default that is
 * either a constant of SPEC §3 or derived from a parameter of SPEC §4. A plan may override any
 * threshold under `triggers.builtin.<id>.thresholds`.
 */
import type { ParameterName, ParameterValues } from './parameters.ts';

/** Id of a built-in trigger. */
export type LaunchTriggerId = 'LAUNCH-001' | 'LAUNCH-002' | 'LAUNCH-003' | 'LAUNCH-004';

type ThresholdDefinition = {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly description: string;
  /** A constant of SPEC §3, or the parameter whose value it follows. */
  readonly default: number | { parameter: ParameterName };
};

const percent = { unit: '%', min: 0, max: 100 } as const;
const minutes = { unit: 'minutes', min: 1, max: 43_200 } as const;
const count = { unit: 'count', min: 1, max: 1_000_000 } as const;

/** Thresholds of LAUNCH-001…004 and where their defaults come from. */
export const launchTriggerThresholds = {
  'LAUNCH-001': {
    rollback_uptime_below: {
      ...percent,
      default: { parameter: 'rollback_trigger_uptime' },
      description: 'Propose a rollback when uptime stays below this.',
    },
    rollback_uptime_for_minutes: {
      ...minutes,
      default: 5,
      description: 'How long uptime must stay low.',
    },
    rollback_error_rate_above: {
      ...percent,
      default: { parameter: 'rollback_trigger_error_rate' },
      description: 'Propose a rollback when the error rate stays above this.',
    },
    rollback_error_rate_for_minutes: {
      ...minutes,
      default: 2,
      description: 'How long errors must stay high.',
    },
    incident_error_rate_above: {
      ...percent,
      default: { parameter: 'max_error_rate' },
      description: 'Open an incident when the error rate exceeds this.',
    },
    incident_p95_response_ms_above: {
      unit: 'ms',
      min: 50,
      max: 60_000,
      default: 2000,
      description: 'Open an incident when p95 response time exceeds this.',
    },
    clear_uptime_at_least: {
      ...percent,
      default: { parameter: 'min_uptime_threshold' },
      description: 'Clears when uptime is at least this …',
    },
    clear_error_rate_below: {
      ...percent,
      default: 1,
      description: '… and the error rate below this …',
    },
    clear_for_minutes: { ...minutes, default: 60, description: '… for this long.' },
    escalate_after_firings: {
      ...count,
      default: 3,
      description: 'Escalate to the LEAD after this many firings.',
    },
  },
  'LAUNCH-002': {
    warning_share_below: {
      ...percent,
      default: 25,
      description: 'Warn below this share of the pro-rated target …',
    },
    warning_after_hours: {
      unit: 'hours',
      min: 1,
      max: 720,
      default: 24,
      description: '… this long after T0.',
    },
    fire_share_below: {
      ...percent,
      default: 50,
      description: 'Fire below this share of the pro-rated target …',
    },
    fire_after_hours: {
      unit: 'hours',
      min: 1,
      max: 720,
      default: 48,
      description: '… this long after T0.',
    },
    clear_share_at_least: {
      ...percent,
      default: 75,
      description: 'Clears at this share of the (adjusted) target.',
    },
    lead_decision_after_days: {
      unit: 'days',
      min: 1,
      max: 30,
      default: 7,
      description: 'LEAD decides if still low after this.',
    },
  },
  'LAUNCH-003': {
    tickets_per_hour_above: {
      ...count,
      default: { parameter: 'support_surge_threshold' },
      description: 'Fire above this ticket rate (tickets/hour).',
    },
    early_surge_tickets_per_hour_above: {
      ...count,
      default: 50,
      description: 'Early surge alert above this rate.',
    },
    first_response_minutes_above: {
      ...minutes,
      default: { parameter: 'max_response_time' },
      description: 'Fire when mean first response exceeds this.',
    },
    backlog_above: {
      ...count,
      default: 200,
      description: 'Fire when the open backlog exceeds this.',
    },
    clear_tickets_per_hour_below: {
      ...count,
      default: 50,
      description: 'Clears below this rate …',
    },
    clear_first_response_minutes_below: {
      ...minutes,
      default: 60,
      description: '… and response below this.',
    },
  },
  'LAUNCH-004': {
    uptime_at_least: {
      ...percent,
      default: { parameter: 'min_uptime_threshold' },
      description: 'Uptime over the validation window at least this.',
    },
    users_share_at_least: {
      unit: '%',
      min: 1,
      max: 1000,
      default: 100,
      description: 'Users as a share of target_users_week1.',
    },
    return_rate_48h_at_least: {
      ...percent,
      default: { parameter: 'target_engagement_rate' },
      description: '48 h return rate at least this.',
    },
    nps_at_least: {
      unit: 'NPS',
      min: -100,
      max: 100,
      default: { parameter: 'target_nps_score' },
      description: 'NPS at least this.',
    },
    validation_window_days: {
      unit: 'days',
      min: 1,
      max: 30,
      default: { parameter: 'success_validation_window' },
      description: 'Window over which success is validated.',
    },
    escalate_after_days: {
      unit: 'days',
      min: 1,
      max: 60,
      default: 14,
      description: 'Escalate to the LEAD if not fired by then.',
    },
  },
} as const satisfies Record<LaunchTriggerId, Record<string, ThresholdDefinition>>;

/** Ids of the built-in triggers. */
export const launchTriggerIds = Object.keys(launchTriggerThresholds) as LaunchTriggerId[];

/** Threshold names of one built-in trigger. */
export type LaunchTriggerThresholdName<T extends LaunchTriggerId> =
  keyof (typeof launchTriggerThresholds)[T];

/** The effective thresholds of one built-in trigger. */
export type LaunchTriggerThresholds<T extends LaunchTriggerId> = Record<
  LaunchTriggerThresholdName<T>,
  { value: number; source: 'plan' | 'parameter' | 'default' }
>;

/**
 * The effective thresholds of a built-in trigger: the plan's override, else the parameter it
 * follows, else the constant of SPEC §3.
 *
 * @example
 * launchTriggerThresholdsOf('LAUNCH-003', parameters, { backlog_above: 300 }).backlog_above;
 * // { value: 300, source: 'plan' }
 */
export function launchTriggerThresholdsOf<T extends LaunchTriggerId>(
  id: T,
  parameters: ParameterValues,
  overrides: Readonly<Partial<Record<string, number>>> = {},
): LaunchTriggerThresholds<T> {
  const definitions: Record<string, ThresholdDefinition> = launchTriggerThresholds[id];
  const entries = Object.entries(definitions).map(([name, definition]) => {
    const override = overrides[name];
    if (override !== undefined) return [name, { value: override, source: 'plan' }];
    if (typeof definition.default === 'number') {
      return [name, { value: definition.default, source: 'default' }];
    }
    return [name, { value: Number(parameters[definition.default.parameter]), source: 'parameter' }];
  });
  return Object.fromEntries(entries) as LaunchTriggerThresholds<T>;
}
