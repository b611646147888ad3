import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.ts';
import { defaultParameterValues, parameterDefinitions, parameterNames } from './parameters.ts';
import { presetNames, presets } from './presets.ts';
import { parameterValuesOf, resolveParameters, validateParameterValue } from './resolve.ts';

function thrown(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parameter table', () => {
  it('has every parameter of SPEC §4 with a default inside its own range', () => {
    expect(parameterNames).toHaveLength(29);
    for (const name of parameterNames) {
      const definition = parameterDefinitions[name];
      expect(definition.schema.safeParse(definition.default).success, name).toBe(true);
      expect(definition.range, name).not.toBe('');
      expect(definition.description, name).not.toBe('');
    }
  });

  it('has the SPEC §4 defaults and ranges', () => {
    expect(defaultParameterValues()).toMatchObject({
      launch_day_of_week: 'tuesday',
      launch_time_of_day: '10:00',
      launch_window_duration: 4,
      pre_launch_freeze: 48,
      post_launch_monitoring: 7,
      social_channels: ['twitter', 'linkedin'],
      paid_ads_budget: 500,
      paid_ads_platforms: ['google', 'facebook'],
      community_launch_enabled: false,
      target_users_day1: 100,
      target_users_week1: 500,
      min_uptime_threshold: 95,
      max_response_time: 120,
      p1_rollback_decision_minutes: 15,
    });
    expect(parameterDefinitions.min_uptime_threshold.range).toBe('85–99.9 %');
    expect(parameterDefinitions.paid_ads_budget.range).toBe('0–10,000 USD/day');
  });
});

describe('presets', () => {
  it('are exactly as SPEC §4 says', () => {
    expect(presets.b2b_saas_launch.values).toEqual({
      launch_day_of_week: 'wednesday',
      launch_time_of_day: '11:00',
      pre_launch_freeze: 72,
      social_channels: ['twitter', 'linkedin'],
      paid_ads_platforms: ['google', 'linkedin'],
      target_users_week1: 100,
      min_uptime_threshold: 99,
      target_nps_score: 50,
    });
    expect(presets.consumer_app_launch.values).toMatchObject({
      launch_day_of_week: 'monday',
      launch_time_of_day: '09:00',
      social_channels: ['instagram', 'tiktok', 'twitter'],
      paid_ads_platforms: ['facebook', 'instagram'],
      community_launch_enabled: true,
      influencer_outreach_enabled: true,
      target_users_week1: 5000,
    });
    expect(presets.developer_tool_launch.values).toMatchObject({
      pre_launch_freeze: 96,
      social_channels: ['twitter', 'reddit'],
      paid_ads_enabled: false,
      min_uptime_threshold: 99.5,
      target_nps_score: 60,
    });
  });

  it('only hold values inside the parameter ranges', () => {
    for (const name of presetNames) {
      for (const [parameter, value] of Object.entries(presets[name].values)) {
        expect(() => validateParameterValue(parameter, value)).not.toThrow();
      }
    }
  });
});

describe('resolveParameters', () => {
  it('resolves override → plan → preset → default and records the source', () => {
    const resolved = resolveParameters({
      overrides: { target_users_day1: 60 },
      plan: {
        parameters: { target_users_day1: 25, pre_launch_freeze: 24 },
        preset: 'b2b_saas_launch',
      },
    });
    expect(resolved.target_users_day1).toEqual({ value: 60, source: 'override' });
    expect(resolved.pre_launch_freeze).toEqual({ value: 24, source: 'plan' });
    expect(resolved.launch_day_of_week).toEqual({ value: 'wednesday', source: 'preset' });
    expect(resolved.max_error_rate).toEqual({ value: 5, source: 'default' });
  });

  it('lets an explicit preset win over the plan preset', () => {
    const resolved = resolveParameters({
      plan: { preset: 'b2b_saas_launch' },
      preset: 'consumer_app_launch',
    });
    expect(resolved.launch_day_of_week.value).toBe('monday');
  });

  it('returns defaults with no input, as fresh copies', () => {
    const values = parameterValuesOf(resolveParameters());
    expect(values).toEqual(defaultParameterValues());
    values.social_channels.push('reddit');
    expect(parameterDefinitions.social_channels.default).toEqual(['twitter', 'linkedin']);
  });

  it('rejects an out-of-range override naming the parameter and its range', () => {
    const error = thrown(() => resolveParameters({ overrides: { max_error_rate: 50 } }));
    expect(error.code).toBe('invalid_parameter');
    expect(error.message).toBe('parameter max_error_rate must be 0.1–10 % (got 50)');
    expect(error.path).toEqual(['parameters', 'max_error_rate']);
  });

  it('rejects an unknown override with the nearest name', () => {
    const error = thrown(() => resolveParameters({ overrides: { target_user_day1: 10 } }));
    expect(error.code).toBe('unknown_parameter');
    expect(error.message).toContain("did you mean 'target_users_day1'?");
  });
});

describe('validateParameterValue', () => {
  it('returns valid values', () => {
    expect(validateParameterValue('launch_time_of_day', '09:30')).toBe('09:30');
    expect(validateParameterValue('social_channels', ['reddit'])).toEqual(['reddit']);
  });

  it('rejects wrong types and values outside enums', () => {
    expect(thrown(() => validateParameterValue('paid_ads_enabled', 'yes')).code).toBe(
      'invalid_parameter',
    );
    expect(thrown(() => validateParameterValue('launch_day_of_week', 'funday')).message).toContain(
      'one of: monday',
    );
    expect(thrown(() => validateParameterValue('target_users_day1', 10.5)).code).toBe(
      'invalid_parameter',
    );
  });
});
