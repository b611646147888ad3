/**
 * Durations and offsets from T0, the two time formats of a launch plan.
 *
 * - A **duration** is a Prometheus-style sequence of whole-number units, largest first:
 *   `30s`, `5m`, `1h30m`, `7d`, `2w`. Units: w (week), d, h, m, s.
 * - An **offset** places a moment relative to T0: `T0`, `T+15m`, `T-2h`, `T+1d12h`.
 */

const unitMilliseconds = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

const durationBody = '(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?';

/** Regular expression source of a duration, for zod and the JSON Schema. */
export const durationPattern = `^${durationBody}$`;

/** Regular expression source of an offset from T0, for zod and the JSON Schema. */
export const offsetPattern = `^T(?:0|[+-]${durationBody})$`;

const durationRegex = new RegExp(durationPattern);
const offsetRegex = /^T(?:(0)|([+-])(.+))$/;

/**
 * Milliseconds of a duration, or `undefined` if the text is not one.
 *
 * @example
 * parseDuration('1h30m'); // 5_400_000
 * parseDuration('90 minutes'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const match = durationRegex.exec(text);
  if (!match || text === '') return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  return (
    Number(weeks ?? 0) * unitMilliseconds.w +
    Number(days ?? 0) * unitMilliseconds.d +
    Number(hours ?? 0) * unitMilliseconds.h +
    Number(minutes ?? 0) * unitMilliseconds.m +
    Number(seconds ?? 0) * unitMilliseconds.s
  );
}

/**
 * Signed milliseconds from T0 of an offset, or `undefined` if the text is not one.
 *
 * @example
 * parseOffset('T+15m'); // 900_000
 * parseOffset('T-2h'); // -7_200_000
 * parseOffset('T0'); // 0
 */
export function parseOffset(text: string): number | undefined {
  const match = offsetRegex.exec(text);
  if (!match) return undefined;
  const [, zero, sign, duration] = match;
  if (zero) return 0;
  const milliseconds = parseDuration(duration ?? '');
  if (milliseconds === undefined) return undefined;
  return sign === '-' ? -milliseconds : milliseconds;
}

/**
 * A duration in the plan's notation, largest units first.
 *
 * @example
 * formatDuration(5_400_000); // '1h30m'
 */
export function formatDuration(milliseconds: number): string {
  let rest = Math.max(0, Math.round(milliseconds / 1000)) * 1000;
  let text = '';
  for (const [unit, size] of Object.entries(unitMilliseconds)) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text || '0s';
}

/**
 * An offset from T0 in the plan's notation.
 *
 * @example
 * formatOffset(-7_200_000); // 'T-2h'
 */
export function formatOffset(milliseconds: number): string {
  if (milliseconds === 0) return 'T0';
  return `T${milliseconds < 0 ? '-' : '+'}${formatDuration(Math.abs(milliseconds))}`;
}
