/**
 * The source of "now" for everything in LaunchCrew. Code never calls `Date.now()` directly:
 * it reads a `Clock`, so the same code runs in real time, in tests, in drills and in the demo.
 */
export interface Clock {
  now(): Date;
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that only moves when told to. A 7-day launch schedule replays in seconds by jumping
 * from one due time to the next (see `runSchedule`).
 *
 * @example
 * const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
 * clock.advance(15 * 60_000); // T+15 min
 */
export class SimulatedClock implements Clock {
  #ms: number;

  constructor(start: Date) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves forward by `ms` milliseconds (never backwards). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
    this.#ms += ms;
    return this.now();
  }

  /** Jumps to `to`, which must not be earlier than now. */
  set(to: Date): Date {
    if (to.getTime() < this.#ms) {
      throw new RangeError(
        `cannot move back from ${this.now().toISOString()} to ${to.toISOString()}`,
      );
    }
    this.#ms = to.getTime();
    return this.now();
  }
}
