/** T0 as an instant and as wall-clock time in the venture's time zone. */
import type { LaunchPlan } from '../schema.ts';
import { type LocalDateTime, localDateTimeIn, t0Instant } from '../time.ts';

/** T0 as an instant and as wall-clock time in the venture's time zone. */
export type LaunchMoment = { instant: Date; local: LocalDateTime; timeZone: string };

/**
 * T0 of the plan, or `undefined` when `venture` or `t0` is missing or T0 does not exist.
 *
 * @example
 * launchMomentOf(plan)?.local.hour; // 11
 */
export function launchMomentOf(plan: Partial<LaunchPlan>): LaunchMoment | undefined {
  if (!plan.venture || !plan.t0) return undefined;
  const timeZone = plan.venture.timezone;
  const instant = t0Instant(plan.t0, timeZone);
  if (!instant) return undefined;
  return { instant, local: localDateTimeIn(instant, timeZone), timeZone };
}
