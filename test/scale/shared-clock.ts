/**
 * A simulated clock shared by several processes through a file: the test moves it, every worker
 * process reads it on each `now()` (a `SimulatedClock` lives in one process only).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../src/clock/clock.ts';

/**
 * The clock whose time is the ISO instant in `path`.
 *
 * @example
 * const clock = fileClock('/tmp/clock'); clock.now();
 */
export function fileClock(path: string): Clock {
  return { now: () => new Date(readFileSync(path, 'utf8').trim()) };
}

/**
 * Sets the shared clock in `path` to `to` (atomically: readers never see half a date).
 *
 * @example
 * setFileClock('/tmp/clock', new Date('2026-02-03T09:00:00Z'));
 */
export function setFileClock(path: string, to: Date): void {
  writeFileSync(`${path}.next`, to.toISOString());
  renameSync(`${path}.next`, path);
}
