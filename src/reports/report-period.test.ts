import { describe, expect, it } from 'vitest';
import { reportPeriod, reportPeriods } from './report-period.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-12-01T15:00:00Z');
const offsets = (monitoringDays: number) =>
  reportPeriods(t0, monitoringDays).map((p) => p.end.getTime() - t0.getTime());

describe('the report schedule', () => {
  it('is hourly from T0+1h to T0+72h, then daily on days 4–7 by default', () => {
    const periods = reportPeriods(t0, 7);
    const hourly = periods.filter((p) => p.cadence === 'hourly');
    const daily = periods.filter((p) => p.cadence === 'daily');

    expect(hourly.map((p) => p.end.getTime() - t0.getTime())).toEqual(
      Array.from({ length: 72 }, (_, i) => (i + 1) * HOUR),
    );
    expect(daily.map((p) => p.end.getTime() - t0.getTime())).toEqual([
      4 * DAY,
      5 * DAY,
      6 * DAY,
      7 * DAY,
    ]);
    expect(periods.map((p) => p.number)).toEqual(Array.from({ length: 76 }, (_, i) => i + 1));
  });

  it('follows post_launch_monitoring: 3 days are hourly only, 10 days add days 4–10', () => {
    expect(offsets(3)).toHaveLength(72);
    expect(offsets(3).at(-1)).toBe(72 * HOUR);
    expect(offsets(10)).toHaveLength(79);
    expect(offsets(10).slice(72)).toEqual([4, 5, 6, 7, 8, 9, 10].map((d) => d * DAY));
  });

  it('covers the hour or the day that ends when the report is due', () => {
    expect(reportPeriod(t0, 1)).toMatchObject({
      cadence: 'hourly',
      index: 1,
      start: t0,
      end: new Date(t0.getTime() + HOUR),
    });
    expect(reportPeriod(t0, 73)).toMatchObject({
      cadence: 'daily',
      index: 4,
      start: new Date(t0.getTime() + 3 * DAY),
      end: new Date(t0.getTime() + 4 * DAY),
    });
  });

  it('rejects report numbers and monitoring windows outside the cadence', () => {
    expect(() => reportPeriod(t0, 0)).toThrow(/report number 0/);
    expect(() => reportPeriods(t0, 2)).toThrow(/≥ 3/);
    expect(() => reportPeriods(t0, 4.5)).toThrow(/whole number/);
  });
});
