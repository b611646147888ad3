import { describe, expect, it } from 'vitest';
import { formatDuration, formatOffset, parseDuration, parseOffset } from './durations.ts';
import { editDistance, nearestName } from './suggest.ts';
import { instantOfLocal, parseT0, t0Instant } from './time.ts';

describe('durations and offsets', () => {
  it('parse durations largest unit first', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    for (const bad of ['', '5', '30 s', '1m1h', '-5m', 'PT5M'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('parse offsets from T0', () => {
    expect(parseOffset('T0')).toBe(0);
    expect(parseOffset('T+15m')).toBe(900_000);
    expect(parseOffset('T-2h')).toBe(-7_200_000);
    expect(parseOffset('T+1d12h')).toBe(129_600_000);
    for (const bad of ['T', 'T+', '+15m', '-2h', 'T+15', 't+15m'])
      expect(parseOffset(bad), bad).toBeUndefined();
  });

  it('format what they parse', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(formatOffset(-7_200_000)).toBe('T-2h');
    expect(formatOffset(0)).toBe('T0');
    expect(parseOffset(formatOffset(129_600_000))).toBe(129_600_000);
  });
});

describe('T0', () => {
  it('parses local and offset date-times', () => {
    expect(parseT0('2026-09-15T11:00')).toEqual({
      local: { year: 2026, month: 9, day: 15, hour: 11, minute: 0, second: 0 },
    });
    expect(parseT0('2026-09-15T11:00:30+02:00')?.offsetMinutes).toBe(120);
    expect(parseT0('2026-09-15T11:00Z')?.offsetMinutes).toBe(0);
    for (const bad of [
      '2026-02-30T10:00',
      '2026-09-15',
      '2026-09-15T24:00',
      '15/09/2026 10:00',
      '1900-01-01T00:00',
    ]) {
      expect(parseT0(bad), bad).toBeUndefined();
    }
  });

  it('reads local T0 in the venture time zone', () => {
    expect(t0Instant('2026-09-15T11:00', 'America/New_York')?.toISOString()).toBe(
      '2026-09-15T15:00:00.000Z',
    );
    expect(t0Instant('2026-09-15T11:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-09-15T09:00:00.000Z',
    );
    expect(t0Instant('2026-09-15T11:00-04:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-09-15T15:00:00.000Z',
    );
  });

  it('rejects skipped local times and takes the first of repeated ones', () => {
    const local = { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 };
    expect(instantOfLocal(local, 'America/New_York')).toBeUndefined();
    const repeated = { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 };
    expect(instantOfLocal(repeated, 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});

describe('suggestions', () => {
  it('measure Damerau–Levenshtein distance', () => {
    expect(editDistance('prodcution', 'production')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggest only plausible typos', () => {
    expect(nearestName('prodution_url', ['production_url', 'staging_url'])).toBe('production_url');
    expect(nearestName('Production-URL', ['production_url'])).toBe('production_url');
    expect(nearestName('colour', ['production_url'])).toBeUndefined();
  });
});
