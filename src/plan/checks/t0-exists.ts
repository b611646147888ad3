/** A local T0 must exist in the venture's time zone (not skipped by a daylight-saving change). */
import type { Finding } from '../problem.ts';
import { parseT0 } from '../time.ts';
import type { CheckContext } from './check.ts';

/**
 * An error when T0 is written as local time that the venture's time zone skips.
 *
 * @example
 * checkT0Exists(context); // t0 2026-03-08T02:30 in America/New_York: [{ code: 't0_skipped', … }]
 */
export function checkT0Exists({ plan, launch }: CheckContext): Finding[] {
  if (launch || !plan.t0 || !plan.venture || !parseT0(plan.t0)) return [];
  return [
    {
      severity: 'error',
      path: ['t0'],
      code: 't0_skipped',
      message: `${plan.t0} does not exist in ${plan.venture.timezone}: clocks skip it for daylight saving time`,
      expected: 'a local time outside the daylight-saving change, or a time with an offset',
    },
  ];
}
