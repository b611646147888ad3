/**
 * Every launch parameter of SPEC §4 in one table: its schema (type and range), default, unit,
 * human-readable range and description. The plan schema, parameter resolution, the JSON Schema,
 * the `init` comments and the API all read this table.
 */
import { z } from 'zod';
import { timeOfDaySchema } from './fields.ts';

/** Where a parameter belongs in SPEC §4. */
export type ParameterGroup = 'timing' | 'marketing' | 'thresholds';

type ParameterDefinition<S extends z.ZodType> = {
  readonly schema: S;
  readonly default: z.output<S>;
  readonly group: ParameterGroup;
  /** Unit of the value, e.g. "hours"; empty when the value has none. */
  readonly unit: string;
  /** The allowed values in words, e.g. "1–12 hours" or "one of: monday, …". */
  readonly range: string;
  readonly description: string;
};

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

export const socialChannels = [
  'twitter',
  'linkedin',
  'facebook',
  'instagram',
  'tiktok',
  'reddit',
] as const;

/** Ad platforms; `instagram` is included because the consumer preset of SPEC §4 names it. */
export const adPlatforms = [
  'google',
  'facebook',
  'instagram',
  'linkedin',
  'twitter',
  'reddit',
] as const;

export const newswireServices = ['pr_newswire', 'business_wire', 'prweb', 'manual'] as const;

type Common = { group: ParameterGroup; description: string };

function numberParameter(
  options: Common & { default: number; min: number; max: number; unit: string; integer?: boolean },
): ParameterDefinition<z.ZodNumber> {
  const base = options.integer ? z.int() : z.number();
  const range = `${options.min.toLocaleString('en-US')}–${options.max.toLocaleString('en-US')} ${options.unit}`;
  return {
    schema: base
      .min(options.min)
      .max(options.max)
      .meta({
        description: `${options.description} Range ${range}; default ${options.default}.`,
      }),
    default: options.default,
    group: options.group,
    unit: options.unit,
    range,
    description: options.description,
  };
}

function flagParameter(options: Common & { default: boolean }): ParameterDefinition<z.ZodBoolean> {
  return {
    schema: z.boolean().meta({ description: `${options.description} Default ${options.default}.` }),
    default: options.default,
    group: options.group,
    unit: '',
    range: 'true or false',
    description: options.description,
  };
}

function choiceParameter<const T extends readonly [string, ...string[]]>(
  options: Common & { values: T; default: T[number] },
): ParameterDefinition<z.ZodEnum<{ [K in T[number]]: K }>> {
  const range = `one of: ${options.values.join(', ')}`;
  return {
    schema: z.enum(options.values).meta({
      description: `${options.description} ${range}; default ${options.default}.`,
    }),
    default: options.default,
    group: options.group,
    unit: '',
    range,
    description: options.description,
  };
}

function choicesParameter<const T extends readonly [string, ...string[]]>(
  options: Common & { values: T; default: T[number][] },
): ParameterDefinition<z.ZodArray<z.ZodEnum<{ [K in T[number]]: K }>>> {
  const range = `any of: ${options.values.join(', ')}`;
  return {
    schema: z.array(z.enum(options.values)).meta({
      description: `${options.description} ${range}; default [${options.default.join(', ')}].`,
    }),
    default: options.default,
    group: options.group,
    unit: '',
    range,
    description: options.description,
  };
}

/** The parameter table of SPEC §4. */
export const parameterDefinitions = {
  launch_day_of_week: choiceParameter({
    group: 'timing',
    values: weekdays,
    default: 'tuesday',
    description: 'Weekday T0 should fall on, in the venture time zone.',
  }),
  launch_time_of_day: {
    schema: timeOfDaySchema.meta({
      description: 'Wall-clock time of T0 in the venture time zone, "HH:MM"; default 10:00.',
    }),
    default: '10:00',
    group: 'timing',
    unit: '',
    range: '"HH:MM", 00:00–23:59',
    description: 'Wall-clock time of T0 in the venture time zone.',
  } satisfies ParameterDefinition<typeof timeOfDaySchema>,
  launch_window_duration: numberParameter({
    group: 'timing',
    default: 4,
    min: 1,
    max: 12,
    unit: 'hours',
    description: 'Length of the launch window that starts at T0.',
  }),
  pre_launch_freeze: numberParameter({
    group: 'timing',
    default: 48,
    min: 12,
    max: 168,
    unit: 'hours',
    description: 'Code freeze before T0.',
  }),
  post_launch_monitoring: numberParameter({
    group: 'timing',
    default: 7,
    min: 3,
    max: 30,
    unit: 'days',
    integer: true,
    description: 'Initial monitoring phase after T0 (31.3).',
  }),
  launch_season_preference: choicesParameter({
    group: 'timing',
    values: months,
    default: [],
    description: 'Months to avoid for T0.',
  }),
  email_campaign_enabled: flagParameter({
    group: 'marketing',
    default: true,
    description: 'Send the launch email campaign.',
  }),
  email_send_time: numberParameter({
    group: 'marketing',
    default: 0,
    min: 0,
    max: 120,
    unit: 'minutes',
    integer: true,
    description: 'Minutes after go-live at which the launch email is sent.',
  }),
  social_channels: choicesParameter({
    group: 'marketing',
    values: socialChannels,
    default: ['twitter', 'linkedin'],
    description: 'Social networks to post on.',
  }),
  social_post_frequency: numberParameter({
    group: 'marketing',
    default: 3,
    min: 1,
    max: 10,
    unit: 'posts/day',
    integer: true,
    description: 'Social posts per day during the launch.',
  }),
  paid_ads_enabled: flagParameter({
    group: 'marketing',
    default: true,
    description: 'Switch paid ads on at T0.',
  }),
  paid_ads_budget: numberParameter({
    group: 'marketing',
    default: 500,
    min: 0,
    max: 10_000,
    unit: 'USD/day',
    description: 'Daily paid-ads budget.',
  }),
  paid_ads_platforms: choicesParameter({
    group: 'marketing',
    values: adPlatforms,
    default: ['google', 'facebook'],
    description: 'Ad platforms to run paid ads on.',
  }),
  pr_outreach_enabled: flagParameter({
    group: 'marketing',
    default: true,
    description: 'Send a press release.',
  }),
  pr_newswire_service: choiceParameter({
    group: 'marketing',
    values: newswireServices,
    default: 'pr_newswire',
    description: 'Newswire that distributes the press release.',
  }),
  community_launch_enabled: flagParameter({
    group: 'marketing',
    default: false,
    description: 'Post on communities (Product Hunt, Hacker News, Reddit).',
  }),
  influencer_outreach_enabled: flagParameter({
    group: 'marketing',
    default: false,
    description: 'Reach out to influencers.',
  }),
  target_users_day1: numberParameter({
    group: 'thresholds',
    default: 100,
    min: 10,
    max: 10_000,
    unit: 'users',
    integer: true,
    description: 'New users expected on day 1.',
  }),
  target_users_week1: numberParameter({
    group: 'thresholds',
    default: 500,
    min: 50,
    max: 50_000,
    unit: 'users',
    integer: true,
    description: 'New users expected in week 1 (LAUNCH-002, LAUNCH-004).',
  }),
  min_uptime_threshold: numberParameter({
    group: 'thresholds',
    default: 95,
    min: 85,
    max: 99.9,
    unit: '%',
    description: 'Uptime below which LAUNCH-001 opens an incident and LAUNCH-004 cannot succeed.',
  }),
  max_error_rate: numberParameter({
    group: 'thresholds',
    default: 5,
    min: 0.1,
    max: 10,
    unit: '%',
    description: 'Error rate above which LAUNCH-001 opens an incident.',
  }),
  target_engagement_rate: numberParameter({
    group: 'thresholds',
    default: 50,
    min: 20,
    max: 80,
    unit: '%',
    description: 'Share of the launch cohort returning within 48 h (LAUNCH-004).',
  }),
  target_nps_score: numberParameter({
    group: 'thresholds',
    default: 40,
    min: 0,
    max: 100,
    unit: 'NPS',
    integer: true,
    description: 'Net Promoter Score target (LAUNCH-004).',
  }),
  support_surge_threshold: numberParameter({
    group: 'thresholds',
    default: 100,
    min: 20,
    max: 500,
    unit: 'tickets/hour',
    integer: true,
    description: 'Ticket rate at which LAUNCH-003 fires.',
  }),
  max_response_time: numberParameter({
    group: 'thresholds',
    default: 120,
    min: 15,
    max: 1440,
    unit: 'minutes',
    integer: true,
    description: 'Mean first response time at which LAUNCH-003 fires.',
  }),
  rollback_trigger_uptime: numberParameter({
    group: 'thresholds',
    default: 90,
    min: 50,
    max: 99,
    unit: '%',
    description: 'Uptime below which LAUNCH-001 proposes a rollback.',
  }),
  rollback_trigger_error_rate: numberParameter({
    group: 'thresholds',
    default: 10,
    min: 5,
    max: 50,
    unit: '%',
    description: 'Error rate above which LAUNCH-001 proposes a rollback.',
  }),
  success_validation_window: numberParameter({
    group: 'thresholds',
    default: 7,
    min: 3,
    max: 30,
    unit: 'days',
    integer: true,
    description: 'Window over which LAUNCH-004 validates success.',
  }),
  p1_rollback_decision_minutes: numberParameter({
    group: 'thresholds',
    default: 15,
    min: 5,
    max: 60,
    unit: 'minutes',
    integer: true,
    description: 'Time to decide on a rollback for a P1 incident.',
  }),
};

/** Name of a launch parameter. */
export type ParameterName = keyof typeof parameterDefinitions;

/** The value type of every parameter. */
export type ParameterValues = {
  [K in ParameterName]: z.output<(typeof parameterDefinitions)[K]['schema']>;
};

/** All parameter names, in the order of SPEC §4. */
export const parameterNames = Object.keys(parameterDefinitions) as ParameterName[];

/** True if `name` is a parameter name. */
export function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(parameterDefinitions, name);
}

/** The built-in default of every parameter. */
export function defaultParameterValues(): ParameterValues {
  return Object.fromEntries(
    parameterNames.map((name) => [name, structuredClone(parameterDefinitions[name].default)]),
  ) as ParameterValues;
}
