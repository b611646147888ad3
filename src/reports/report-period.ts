/**
 * The reporting cadence of SPEC §1 31.3: one report per hour for the first 72 h after T0, then
 * one per day from day 4 to the end of `post_launch_monitoring`. Report `n` (1-based) covers the
 * period that ends when it is due.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly reports cover the first 72 h. */
export const hourlyReportCount = 72;

/** Hourly reports, then daily ones. */
export type ReportCadence = 'hourly' | 'daily';

/** One report's place in the schedule and the period it covers. */
export interface ReportPeriod {
  /** 1…72 hourly, 73… daily (73 = day 4). */
  number: number;
  cadence: ReportCadence;
  /** Hour after T0 (1…72) for hourly reports, day after T0 (4…) for daily ones. */
  index: number;
  start: Date;
  /** The end of the period, which is also when the report is due. */
  end: Date;
}

/**
 * The period of report `n` of a launch whose T0 is `t0`.
 *
 * @example
 * reportPeriod(t0, 1);  // hourly, T0 → T0+1h
 * reportPeriod(t0, 73); // daily, day 4: T0+3d → T0+4d
 */
export function reportPeriod(t0: Date, n: number): ReportPeriod {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`report number ${n} must be 1 or more`);
  const base = t0.getTime();
  if (n <= hourlyReportCount) {
    return {
      number: n,
      cadence: 'hourly',
      index: n,
      start: new Date(base + (n - 1) * HOUR),
      end: new Date(base + n * HOUR),
    };
  }
  const day = n - hourlyReportCount + 3;
  return {
    number: n,
    cadence: 'daily',
    index: day,
    start: new Date(base + (day - 1) * DAY),
    end: new Date(base + day * DAY),
  };
}

/**
 * Every report of a launch monitored for `monitoringDays` days (72 hourly + one per day from
 * day 4; `post_launch_monitoring` is at least 3 days, so the hourly part is always complete).
 *
 * @example
 * reportPeriods(t0, 7).length; // 76
 */
export function reportPeriods(t0: Date, monitoringDays: number): ReportPeriod[] {
  if (!Number.isInteger(monitoringDays) || monitoringDays < 3) {
    throw new RangeError(`monitoring must last a whole number of days ≥ 3 (got ${monitoringDays})`);
  }
  const count = hourlyReportCount + (monitoringDays - 3);
  return Array.from({ length: count }, (_, i) => reportPeriod(t0, i + 1));
}
