/**
 * Field schemas shared by the sections of a launch plan. Each carries a message that says what
 * a valid value looks like, because that message is what the person editing the plan reads.
 */
import { z } from 'zod';
import { countryCodes } from './country-codes.ts';
import { durationPattern, formatDuration, offsetPattern, parseDuration } from './durations.ts';
import { isKnownTimeZone, parseT0, t0Pattern } from './time.ts';

/** An id inside the plan: lower-case letters, digits, `-` and `_`, at most 64 characters. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    error: 'must be an id: lower-case letters, digits, "-" or "_", at most 64 characters',
  })
  .meta({
    description: 'An id: lower-case letters, digits, "-" or "_".',
    examples: ['launch-email'],
  });

/** The venture's slug, e.g. `acme-analytics`. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'must be a slug: lower-case words joined by "-", e.g. "acme-analytics"',
  })
  .max(63);

/** An absolute http(s) URL. */
export const httpUrlSchema = z.url({
  protocol: /^https?$/,
  hostname: new RegExp(`${z.regexes.domain.source}|^localhost$`),
  error: 'must be an http(s) URL with a host name, e.g. "https://acme.example"',
});

/** An IANA time zone name known to the runtime, e.g. `Europe/Berlin`. */
export const timeZoneSchema = z
  .string()
  .refine(isKnownTimeZone, { error: 'must be an IANA time zone, e.g. "America/New_York"' })
  .meta({ examples: ['America/New_York', 'Europe/Berlin'] });

/** An ISO 3166-1 alpha-2 country code in capitals, e.g. `US`. */
export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, {
    error: 'must be an ISO 3166-1 alpha-2 country code, e.g. "US"',
    abort: true,
  })
  .refine((code) => countryCodes.has(code), {
    error: 'is not an assigned ISO 3166-1 alpha-2 country code',
  });

/** The name of an environment variable that holds a secret, e.g. `SENDGRID_API_KEY`. */
export const envVarNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  error: 'must name an environment variable, e.g. "SENDGRID_API_KEY"',
});

/** `HH:MM` on a 24-hour clock. */
export const timeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, {
  error: 'must be a time of day "HH:MM" (24-hour clock), e.g. "10:00"',
});

/** T0: an ISO 8601 date-time, with an offset or as local time in the venture's time zone. */
export const t0Schema = z
  .string()
  .regex(new RegExp(t0Pattern), {
    error: 'must be a date-time like "2026-09-15T11:00" (venture time zone) or "2026-09-15T15:00Z"',
    abort: true,
  })
  .refine((text) => parseT0(text) !== undefined, { error: 'is not a valid calendar date-time' })
  .meta({
    description:
      'Launch moment. Without an offset it is wall-clock time in venture.timezone; with "Z" or "+02:00" it is that exact instant.',
    examples: ['2026-09-15T11:00', '2026-09-15T15:00:00Z'],
  });

/** An offset from T0: `T0`, `T+15m`, `T-2h`, `T+1d12h`. */
export const offsetSchema = z
  .string()
  .regex(new RegExp(offsetPattern), {
    error: 'must be an offset from T0 like "T0", "T+15m", "T-2h" or "T+1d12h"',
  })
  .meta({ examples: ['T0', 'T+15m', 'T-2h', 'T+1d12h'] });

/**
 * A duration like `30s`, `5m`, `1h30m`, `7d`, optionally bounded.
 *
 * @example
 * durationSchema({ min: '5s', max: '1h' }).parse('30s');
 */
export function durationSchema(bounds: { min?: string; max?: string } = {}) {
  const min = parseDuration(bounds.min ?? '0s') ?? 0;
  const max = parseDuration(bounds.max ?? '') ?? Number.POSITIVE_INFINITY;
  const range = `from ${formatDuration(min)}${Number.isFinite(max) ? ` to ${formatDuration(max)}` : ''}`;
  return z
    .string()
    .regex(new RegExp(durationPattern), {
      error: 'must be a duration like "30s", "5m", "1h30m" or "7d"',
      abort: true,
    })
    .refine((text) => text !== '', { error: 'must not be empty', abort: true })
    .refine(
      (text) => {
        const milliseconds = parseDuration(text) ?? 0;
        return milliseconds >= min && milliseconds <= max;
      },
      { error: `must be a duration ${range}` },
    )
    .meta({ description: `A duration ${range}, e.g. "30s", "5m", "1h30m".` });
}
