/**
 * Monitor status, Uptime-Kuma style: a failed probe with retries left is `pending` (one blip is
 * not an outage); when the first attempt and all `retries` retries have failed in a row the
 * monitor is `down` — so `retries: 1` means down on the 2nd consecutive failure, `retries: 0` on
 * the first. Any success makes it `up` again.
 */
import type { ProbeOutcome } from './monitor-spec.ts';

/** The status of a monitor after a probe. */
export type MonitorStatus = 'up' | 'pending' | 'down';

/** Where a monitor stands. `since` is when it entered `status`. */
export interface MonitorState {
  status: MonitorStatus;
  consecutiveFailures: number;
  since: Date;
}

/**
 * The state after `outcome` at `at`.
 *
 * @example
 * const first = nextMonitorState(undefined, failed, { retries: 1, at }); // pending, 1 failure
 * nextMonitorState(first, failed, { retries: 1, at: later });          // down, 2 failures
 */
export function nextMonitorState(
  previous: MonitorState | undefined,
  outcome: ProbeOutcome,
  options: { retries: number; at: Date },
): MonitorState {
  const consecutiveFailures = outcome.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1;
  const status: MonitorStatus = outcome.ok
    ? 'up'
    : consecutiveFailures > options.retries
      ? 'down'
      : 'pending';
  const since = previous && previous.status === status ? previous.since : options.at;
  return { status, consecutiveFailures, since };
}
