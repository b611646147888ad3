import { describe, expect, it } from 'vitest';
import { launchTriggerIds, launchTriggerThresholdsOf } from './launch-triggers.ts';
import { parameterValuesOf, resolveParameters } from './resolve.ts';

describe('built-in trigger thresholds', () => {
  const parameters = parameterValuesOf(resolveParameters({ preset: 'developer_tool_launch' }));

  it('derive defaults from the parameters and SPEC §3', () => {
    const launch001 = launchTriggerThresholdsOf('LAUNCH-001', parameters);
    expect(launch001.rollback_uptime_below).toEqual({ value: 90, source: 'parameter' });
    expect(launch001.rollback_error_rate_for_minutes).toEqual({ value: 2, source: 'default' });
    expect(launch001.clear_uptime_at_least).toEqual({ value: 99.5, source: 'parameter' });
    expect(launchTriggerThresholdsOf('LAUNCH-004', parameters).nps_at_least.value).toBe(60);
  });

  it('take the plan override first', () => {
    const launch003 = launchTriggerThresholdsOf('LAUNCH-003', parameters, { backlog_above: 300 });
    expect(launch003.backlog_above).toEqual({ value: 300, source: 'plan' });
    expect(launch003.tickets_per_hour_above).toEqual({ value: 100, source: 'parameter' });
  });

  it('cover LAUNCH-001 to LAUNCH-004', () => {
    expect(launchTriggerIds).toEqual(['LAUNCH-001', 'LAUNCH-002', 'LAUNCH-003', 'LAUNCH-004']);
  });
});
