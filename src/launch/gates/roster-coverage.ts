/** Whether the support roster covers a window after T0 (SPEC §1: the first 72 h). */
import { formatOffset, parseOffset } from '../../plan/durations.ts';

/** A roster shift as written in the plan: offsets from T0. */
export interface RosterShift {
  person: string;
  from: string;
  to: string;
}

/** An uncovered interval, in ms from T0 and in the plan's notation. */
export interface RosterGap {
  fromMs: number;
  toMs: number;
  label: string;
}

/**
 * The intervals of `[fromMs, toMs)` (ms from T0) that no shift covers, in order. Shifts may
 * overlap; a shift whose offsets do not parse covers nothing.
 *
 * @example
 * rosterGaps([{ person: 'sam', from: 'T0', to: 'T+12h' }], 0, 72 * 3_600_000);
 * // [{ fromMs: 43_200_000, toMs: 259_200_000, label: 'T+12h – T+3d' }]
 */
export function rosterGaps(
  shifts: readonly RosterShift[],
  fromMs: number,
  toMs: number,
): RosterGap[] {
  const spans = shifts
    .map((shift) => [parseOffset(shift.from), parseOffset(shift.to)] as const)
    .flatMap(([start, end]) =>
      start === undefined || end === undefined || end <= start ? [] : [[start, end] as const],
    )
    .sort((a, b) => a[0] - b[0]);
  const gaps: RosterGap[] = [];
  let covered = fromMs;
  for (const [start, end] of spans) {
    if (covered >= toMs) break;
    if (start > covered) gaps.push(gapOf(covered, Math.min(start, toMs)));
    covered = Math.max(covered, end);
  }
  if (covered < toMs) gaps.push(gapOf(covered, toMs));
  return gaps;
}

function gapOf(fromMs: number, toMs: number): RosterGap {
  return { fromMs, toMs, label: `${formatOffset(fromMs)} – ${formatOffset(toMs)}` };
}
