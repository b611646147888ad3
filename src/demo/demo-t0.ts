/** When the demo launch happens: the first working day at least three days ahead, 10:00 Berlin. */
import { publicHolidaysOn } from '../plan/checks/public-holiday.ts';
import { weekdays } from '../plan/parameters.ts';
import { isoDateOf, localDateTimeIn, weekdayOf } from '../plan/time.ts';

const DAY = 86_400_000;

/** T0 of the demo plan and the weekday to declare as `launch_day_of_week`. */
export interface DemoT0 {
  /** Local time, `YYYY-MM-DDTHH:MM`. */
  local: string;
  weekday: (typeof weekdays)[number];
}

/**
 * The first Monday–Thursday at least three days after `now` that is not a German public holiday,
 * at 10:00 in Europe/Berlin — three days leave room for the preparation phase and the freeze.
 *
 * @example
 * demoT0(new Date('2026-11-26T12:00:00Z')); // { local: '2026-11-30T10:00', weekday: 'monday' }
 */
export function demoT0(now: Date): DemoT0 {
  for (let offset = 3; ; offset += 1) {
    const local = localDateTimeIn(new Date(now.getTime() + offset * DAY), 'Europe/Berlin');
    const weekday = weekdays[weekdayOf(local)];
    const date = isoDateOf(local);
    if (!weekday || weekdayOf(local) > 3 || publicHolidaysOn('DE', date).length > 0) continue;
    return { local: `${date}T10:00`, weekday };
  }
}
