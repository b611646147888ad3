import { describe, expect, it } from 'vitest';
import { problemsWithCode, validateChanged } from '../testing/plan-fixtures.ts';

describe('monitoring window check', () => {
  it('rejects a plan with no monitor of the production URL', () => {
    const result = validateChanged((plan) => {
      plan.monitors = plan.monitors.filter((monitor) => monitor.type === 'tcp');
    });
    expect(problemsWithCode(result, 'production_unmonitored')).toEqual([
      expect.objectContaining({ severity: 'error', path: ['monitors'] }),
    ]);
  });

  it('rejects production monitors that stop before post_launch_monitoring ends', () => {
    const result = validateChanged((plan) => {
      for (const monitor of plan.monitors) monitor.run_until = 'T+3d';
    });
    expect(problemsWithCode(result, 'monitoring_window_short')).toEqual([
      expect.objectContaining({
        path: ['monitors', 0, 'run_until'],
        expected: 'T+1w or later (or no run_until)',
      }),
      expect.objectContaining({ path: ['monitors', 1, 'run_until'] }),
    ]);
  });

  it('follows a longer post_launch_monitoring', () => {
    const result = validateChanged((plan) => {
      for (const monitor of plan.monitors) monitor.run_until = 'T+10d';
      plan.parameters.post_launch_monitoring = 14;
    });
    expect(problemsWithCode(result, 'monitoring_window_short')).toHaveLength(2);
  });

  it('accepts one production monitor that covers the window', () => {
    const result = validateChanged((plan) => {
      for (const monitor of plan.monitors) monitor.run_until = 'T+3d';
      const first = plan.monitors[0];
      if (first) first.run_until = 'T+7d';
    });
    expect(result.ok).toBe(true);
  });
});

describe('threshold order check', () => {
  it('rejects a rollback uptime above the incident uptime', () => {
    const result = validateChanged((plan) => {
      plan.parameters.rollback_trigger_uptime = 99;
      plan.parameters.min_uptime_threshold = 95;
    });
    expect(problemsWithCode(result, 'threshold_order')).toEqual([
      expect.objectContaining({ path: ['parameters', 'rollback_trigger_uptime'] }),
    ]);
  });

  it('rejects a validation window longer than monitoring', () => {
    const result = validateChanged((plan) => {
      plan.parameters.success_validation_window = 10;
    });
    expect(problemsWithCode(result, 'threshold_order')[0]?.path).toEqual([
      'parameters',
      'success_validation_window',
    ]);
  });
});
