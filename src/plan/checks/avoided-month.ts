/** T0 should not fall in a month the plan asks to avoid (`launch_season_preference`). */
import { months } from '../parameters.ts';
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

/**
 * A warning when T0's month, in the venture's time zone, is listed in
 * `launch_season_preference`.
 *
 * @example
 * checkAvoidedMonth(context); // [{ code: 'avoided_month', … }]
 */
export function checkAvoidedMonth({ launch, parameters }: CheckContext): Finding[] {
  if (!launch || !parameters) return [];
  const month = months[launch.local.month - 1];
  if (!month || !parameters.launch_season_preference.includes(month)) return [];
  return [
    {
      severity: 'warning',
      path: ['t0'],
      code: 'avoided_month',
      message: `T0 falls in ${month}, a month launch_season_preference avoids`,
      expected: `a month other than ${parameters.launch_season_preference.join(', ')}`,
    },
  ];
}
