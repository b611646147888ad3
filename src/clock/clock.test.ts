import { describe, expect, it } from 'vitest';
import { SimulatedClock, systemClock } from './clock.ts';

describe('SimulatedClock', () => {
  it('moves only when told, forward only', () => {
    const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-01T10:00:00.000Z');
    clock.advance(15 * 60_000);
    expect(clock.now().toISOString()).toBe('2026-12-01T10:15:00.000Z');
    clock.set(new Date('2026-12-08T10:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(() => clock.set(new Date('2026-12-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('returns copies, so callers cannot move it by mutating a Date', () => {
    const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
    clock.now().setUTCFullYear(2000);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });
});

describe('systemClock', () => {
  it('follows wall time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
