import { describe, expect, it } from 'vitest';
import { problemsWithCode, validateChanged } from '../testing/plan-fixtures.ts';
import { publicHolidaysOn } from './public-holiday.ts';

describe('public holiday check', () => {
  it('warns when T0 is Independence Day in the US', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-07-04T11:00';
    });
    expect(result.ok).toBe(true);
    expect(problemsWithCode(result, 'public_holiday')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['t0'],
        message: expect.stringContaining('Independence Day'),
      }),
    ]);
  });

  it('warns on Christmas Day', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-12-25T11:00';
    });
    expect(problemsWithCode(result, 'public_holiday')[0]?.message).toContain('Christmas Day');
  });

  it('reads the date in the venture time zone, not in UTC', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-07-05T02:00:00Z'; // 22:00 on 4 July in New York
    });
    expect(problemsWithCode(result, 'public_holiday')).toHaveLength(1);
  });

  it('uses the market country', () => {
    expect(publicHolidaysOn('DE', '2026-10-03')).toEqual(['Tag der Deutschen Einheit']);
    expect(publicHolidaysOn('US', '2026-10-03')).toEqual([]);
    const result = validateChanged((plan) => {
      plan.venture.market_country = 'DE';
      plan.t0 = '2026-07-04T11:00';
    });
    expect(problemsWithCode(result, 'public_holiday')).toEqual([]);
  });
});

describe('avoided month check', () => {
  it('warns when T0 falls in a month launch_season_preference avoids', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-08-12T11:00';
    });
    expect(problemsWithCode(result, 'avoided_month')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['t0'],
        message: expect.stringContaining('august'),
      }),
    ]);
  });

  it('is silent when no month is avoided', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-08-12T11:00';
      delete plan.parameters.launch_season_preference;
    });
    expect(problemsWithCode(result, 'avoided_month')).toEqual([]);
  });
});

describe('launch slot check', () => {
  it('warns when T0 is not on launch_day_of_week', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-05-29T11:00'; // a Friday; the b2b preset launches on Wednesday
    });
    expect(result.ok).toBe(true);
    expect(problemsWithCode(result, 'weekday_mismatch')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'T0 is on a friday but launch_day_of_week is wednesday',
      }),
    ]);
  });

  it('follows a weekday set in the plan over the preset', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-05-29T11:00';
      plan.parameters.launch_day_of_week = 'friday';
    });
    expect(problemsWithCode(result, 'weekday_mismatch')).toEqual([]);
  });

  it('warns when T0 is not at launch_time_of_day', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-05-27T15:30';
    });
    expect(problemsWithCode(result, 'time_of_day_mismatch')[0]?.message).toContain('15:30');
  });
});

describe('T0 existence check', () => {
  it('rejects a local T0 skipped by daylight saving time', () => {
    const result = validateChanged((plan) => {
      plan.t0 = '2026-03-08T02:30';
    });
    expect(result.ok).toBe(false);
    expect(problemsWithCode(result, 't0_skipped')).toEqual([
      expect.objectContaining({ path: ['t0'] }),
    ]);
  });
});
