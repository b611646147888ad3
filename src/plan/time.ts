/**
 * T0 and wall-clock time in a venture's time zone.
 *
 * T0 is written either as an ISO 8601 date-time with an offset (`2026-09-15T11:00:00-04:00`,
 * `2026-09-15T15:00Z`), which is an exact instant, or without one (`2026-09-15T11:00`), which is
 * the wall-clock time in `venture.timezone`. A local time skipped by a daylight-saving change does
 * not exist and is an error; a repeated one means its first occurrence.
 */

/** A calendar date and wall-clock time, without a time zone. */
export type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** Regular expression source of T0, for zod and the JSON Schema. */
export const t0Pattern =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?(?:Z|[+-]\\d{2}:\\d{2})?$';

const t0Regex =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

/**
 * The parts of a T0 text, or `undefined` if it is not a valid date-time.
 *
 * @example
 * parseT0('2026-09-15T11:00'); // { local: { year: 2026, month: 9, day: 15, hour: 11, … } }
 * parseT0('2026-09-15T11:00+02:00')?.offsetMinutes; // 120
 */
export function parseT0(
  text: string,
): { local: LocalDateTime; offsetMinutes?: number } | undefined {
  const match = t0Regex.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, zulu, sign, offsetHours, offsetMinutes] =
    match.map((part) => part ?? '');
  const local = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second || 0),
  };
  if (!isValidLocal(local)) return undefined;
  if (zulu) return { local, offsetMinutes: 0 };
  if (!sign) return { local };
  const offset = Number(offsetHours) * 60 + Number(offsetMinutes);
  if (Number(offsetHours) > 18 || Number(offsetMinutes) > 59) return undefined;
  return { local, offsetMinutes: sign === '-' ? -offset : offset };
}

function isValidLocal(local: LocalDateTime): boolean {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day));
  return (
    local.year >= 1970 &&
    date.getUTCMonth() === local.month - 1 &&
    date.getUTCDate() === local.day &&
    local.hour < 24 &&
    local.minute < 60 &&
    local.second < 60
  );
}

/** True if `timeZone` is an IANA time zone name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock date and time of an instant in a time zone.
 *
 * @example
 * localDateTimeIn(new Date('2026-07-04T16:00:00Z'), 'America/New_York').hour; // 12
 */
export function localDateTimeIn(instant: Date, timeZone: string): LocalDateTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function utcMilliseconds(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return utcMilliseconds(a) === utcMilliseconds(b);
}

/**
 * The instant at which a time zone's clocks show `local`: the first one if the time repeats,
 * `undefined` if a daylight-saving change skips it.
 *
 * @example
 * instantOfLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, 'America/New_York'); // undefined
 */
export function instantOfLocal(local: LocalDateTime, timeZone: string): Date | undefined {
  const asUtc = utcMilliseconds(local);
  const candidates = [-1, 0, 1]
    .map((days) => asUtc + days * 86_400_000)
    .map((probe) => asUtc - (utcMilliseconds(localDateTimeIn(new Date(probe), timeZone)) - probe))
    .filter((instant) => sameLocal(localDateTimeIn(new Date(instant), timeZone), local))
    .sort((a, b) => a - b);
  const first = candidates[0];
  return first === undefined ? undefined : new Date(first);
}

/**
 * The instant of T0, or `undefined` if the text is invalid or names a skipped local time.
 *
 * @example
 * t0Instant('2026-09-15T11:00', 'America/New_York')?.toISOString(); // '2026-09-15T15:00:00.000Z'
 */
export function t0Instant(t0: string, timeZone: string): Date | undefined {
  const parsed = parseT0(t0);
  if (!parsed) return undefined;
  if (parsed.offsetMinutes !== undefined) {
    return new Date(utcMilliseconds(parsed.local) - parsed.offsetMinutes * 60_000);
  }
  return instantOfLocal(parsed.local, timeZone);
}

/** Day of the week of a local date, 0 = Monday … 6 = Sunday (the order of `weekdays`). */
export function weekdayOf(local: LocalDateTime): number {
  return (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
}

/** `YYYY-MM-DD` of a local date. */
export function isoDateOf(local: LocalDateTime): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(local.year).padStart(4, '0')}-${pad(local.month)}-${pad(local.day)}`;
}
