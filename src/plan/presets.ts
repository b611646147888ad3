/**
 * The three launch presets of SPEC §4. A preset sets some parameters; the rest keep their
 * built-in defaults (see `parameters.ts`).
 */
import type { ParameterValues } from './parameters.ts';

export const presetNames = [
  'b2b_saas_launch',
  'consumer_app_launch',
  'developer_tool_launch',
] as const;

/** Name of a preset. */
export type PresetName = (typeof presetNames)[number];

/** A preset: a description and the parameter values it sets. */
export type Preset = {
  readonly description: string;
  readonly values: Readonly<Partial<ParameterValues>>;
};

/** The presets exactly as SPEC §4 defines them. */
export const presets: Readonly<Record<PresetName, Preset>> = {
  b2b_saas_launch: {
    description: 'B2B SaaS: mid-week launch, LinkedIn-heavy, small high-value week-1 cohort.',
    values: {
      launch_day_of_week: 'wednesday',
      launch_time_of_day: '11:00',
      pre_launch_freeze: 72,
      social_channels: ['twitter', 'linkedin'],
      paid_ads_platforms: ['google', 'linkedin'],
      target_users_week1: 100,
      min_uptime_threshold: 99,
      target_nps_score: 50,
    },
  },
  consumer_app_launch: {
    description: 'Consumer app: Monday launch, visual social networks, community and influencers.',
    values: {
      launch_day_of_week: 'monday',
      launch_time_of_day: '09:00',
      pre_launch_freeze: 48,
      social_channels: ['instagram', 'tiktok', 'twitter'],
      paid_ads_platforms: ['facebook', 'instagram'],
      community_launch_enabled: true,
      influencer_outreach_enabled: true,
      target_users_week1: 5000,
      min_uptime_threshold: 95,
      target_nps_score: 40,
    },
  },
  developer_tool_launch: {
    description: 'Developer tool: Tuesday launch, Twitter and Reddit, communities, no paid ads.',
    values: {
      launch_day_of_week: 'tuesday',
      launch_time_of_day: '10:00',
      pre_launch_freeze: 96,
      social_channels: ['twitter', 'reddit'],
      paid_ads_enabled: false,
      community_launch_enabled: true,
      target_users_week1: 500,
      min_uptime_threshold: 99.5,
      target_nps_score: 60,
    },
  },
};

/** True if `name` is a preset name. */
export function isPresetName(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name);
}
