/** T0 should not fall on a public holiday of the target market. */
import Holidays from 'date-holidays';
import type { Finding } from '../problem.ts';
import { isoDateOf } from '../time.ts';
import type { CheckContext } from './check.ts';

type Holiday = { date: string; name: string; type: string };

/**
 * Public holidays by `country:year` (computing a year's holidays takes about a millisecond),
 * keeping the most recent `cacheSize` entries.
 */
const holidaysByYear = new Map<string, readonly Holiday[]>();
const cacheSize = 256;

function holidaysOf(country: string, year: number): readonly Holiday[] {
  const key = `${country}:${year}`;
  let holidays = holidaysByYear.get(key);
  if (!holidays) {
    holidays = new Holidays(country, { types: ['public'] }).getHolidays(year);
    if (holidaysByYear.size >= cacheSize)
      holidaysByYear.delete(holidaysByYear.keys().next().value ?? '');
    holidaysByYear.set(key, holidays);
  }
  return holidays;
}

/**
 * The names of the public holidays of `country` on a `YYYY-MM-DD` date (substitute days
 * included).
 *
 * @example
 * publicHolidaysOn('US', '2026-07-04'); // ['Independence Day']
 */
export function publicHolidaysOn(country: string, isoDate: string): string[] {
  return holidaysOf(country, Number(isoDate.slice(0, 4)))
    .filter((holiday) => holiday.type === 'public' && holiday.date.startsWith(isoDate))
    .map((holiday) => holiday.name);
}

/**
 * A warning when T0's date, in the venture's time zone, is a public holiday of
 * `venture.market_country`.
 *
 * @example
 * checkPublicHoliday(context); // [{ code: 'public_holiday', message: 'T0 (2026-07-04) is a public holiday in US: Independence Day; …' }]
 */
export function checkPublicHoliday({ plan, launch }: CheckContext): Finding[] {
  if (!launch || !plan.venture) return [];
  const country = plan.venture.market_country;
  const date = isoDateOf(launch.local);
  const names = publicHolidaysOn(country, date);
  if (names.length === 0) return [];
  return [
    {
      severity: 'warning',
      path: ['t0'],
      code: 'public_holiday',
      message: `T0 (${date}) is a public holiday in ${country}: ${names.join(', ')}; audiences and the team may be away`,
    },
  ];
}
