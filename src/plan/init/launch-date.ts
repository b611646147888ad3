/** Picks a sensible T0 for a new plan. */
import { publicHolidaysOn } from '../checks/public-holiday.ts';
import { months, type ParameterValues, weekdays } from '../parameters.ts';
import { isoDateOf, localDateTimeIn, weekdayOf } from '../time.ts';

const day = 86_400_000;

/**
 * The first date at least three weeks after `now` that is on `launch_day_of_week`, not a public
 * holiday of `country` and not in a month of `launch_season_preference`, as a local T0
 * (`YYYY-MM-DDTHH:MM` at `launch_time_of_day`).
 *
 * @example
 * firstLaunchDate(new Date('2026-01-05T00:00:00Z'), 'US', 'America/New_York', parameters); // '2026-01-27T10:00'
 */
export function firstLaunchDate(
  now: Date,
  country: string,
  timeZone: string,
  parameters: ParameterValues,
): string {
  const start = now.getTime() + 21 * day;
  let fallback: string | undefined;
  for (let offset = 0; offset < 366; offset++) {
    const local = localDateTimeIn(new Date(start + offset * day), timeZone);
    const date = isoDateOf(local);
    if (weekdays[weekdayOf(local)] !== parameters.launch_day_of_week) continue;
    fallback ??= date;
    const month = months[local.month - 1];
    if (month && parameters.launch_season_preference.includes(month)) continue;
    if (publicHolidaysOn(country, date).length > 0) continue;
    return `${date}T${parameters.launch_time_of_day}`;
  }
  return `${fallback ?? isoDateOf(localDateTimeIn(new Date(start), timeZone))}T${parameters.launch_time_of_day}`;
}
