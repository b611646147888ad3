/** T0 should fall on the planned weekday and time of day (`launch_day_of_week`, `launch_time_of_day`). */
import { weekdays } from '../parameters.ts';
import type { Finding } from '../problem.ts';
import { weekdayOf } from '../time.ts';
import type { CheckContext } from './check.ts';

/**
 * Warnings when T0, in the venture's time zone, is on another weekday or at another time than
 * the parameters say.
 *
 * @example
 * checkLaunchSlot(context); // [{ code: 'weekday_mismatch', message: 'T0 is on a friday …' }]
 */
export function checkLaunchSlot({ launch, parameters }: CheckContext): Finding[] {
  if (!launch || !parameters) return [];
  const findings: Finding[] = [];
  const weekday = weekdays[weekdayOf(launch.local)];
  if (weekday !== parameters.launch_day_of_week) {
    findings.push({
      severity: 'warning',
      path: ['t0'],
      code: 'weekday_mismatch',
      message: `T0 is on a ${weekday} but launch_day_of_week is ${parameters.launch_day_of_week}`,
      expected: `a ${parameters.launch_day_of_week}`,
    });
  }
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(launch.local.hour)}:${pad(launch.local.minute)}`;
  if (time !== parameters.launch_time_of_day) {
    findings.push({
      severity: 'warning',
      path: ['t0'],
      code: 'time_of_day_mismatch',
      message: `T0 is at ${time} (${launch.timeZone}) but launch_time_of_day is ${parameters.launch_time_of_day}`,
    });
  }
  return findings;
}
