import type { Clock, SimulatedClock } from '../clock/clock.ts';
import type { Db } from '../store/database.ts';
import { nextDueAt, releaseDueWork } from './due-work.ts';
import type { AnyJobKind } from './job-kind.ts';
import type { JobQueue } from './job-queue.ts';
import { type PeriodicLoop, startPeriodicLoop } from './periodic-loop.ts';

/** Everything the controller needs to release due work. */
export interface DueWorkDeps {
  db: Db;
  queue: JobQueue;
  kinds: ReadonlyArray<AnyJobKind>;
}

/**
 * Releases due work every `intervalMs` against a real clock until `stop()` is called.
 * Errors (a lost connection) are reported through `onError` and the loop carries on.
 *
 * @example
 * const controller = startDueWorkLoop({ db, queue, kinds }, systemClock, { intervalMs: 1000 });
 * await controller.stop();
 */
export function startDueWorkLoop(
  deps: DueWorkDeps,
  clock: Clock,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): PeriodicLoop {
  const byName = new Map(deps.kinds.map((k) => [k.name, k]));
  return startPeriodicLoop(
    async () => {
      while ((await releaseDueWork(deps.db, deps.queue, clock, byName)) > 0) {
        // keep releasing while full batches come back
      }
    },
    { intervalMs: options.intervalMs ?? 1000, onError: options.onError },
  );
}

/** Progress of a simulated run. */
export interface ScheduleStep {
  at: Date;
  released: number;
}

/**
 * Replays every piece of work due up to `until` on a simulated clock: jump to the next due
 * time, release it, wait for its jobs (which may schedule more work), repeat. A 7-day launch
 * runs in seconds with the same code as real time. Workers must be running on `deps.queue`.
 *
 * @example
 * const steps = await runSchedule(deps, clock, addDays(t0, 7));
 */
export async function runSchedule(
  deps: DueWorkDeps,
  clock: SimulatedClock,
  until: Date,
  options: { launchId?: string; onStep?: (step: ScheduleStep) => void } = {},
): Promise<ScheduleStep[]> {
  const byName = new Map(deps.kinds.map((k) => [k.name, k]));
  const steps: ScheduleStep[] = [];
  const scope = options.launchId ? { launchId: options.launchId } : {};
  for (;;) {
    const next = await nextDueAt(deps.db, options.launchId);
    if (!next || next > until) break;
    if (next > clock.now()) clock.set(next);
    let released = 0;
    for (let n = 1; n > 0; ) {
      n = await releaseDueWork(deps.db, deps.queue, clock, byName, scope);
      released += n;
    }
    await deps.queue.drain();
    const step = { at: clock.now(), released };
    steps.push(step);
    options.onStep?.(step);
  }
  if (until > clock.now()) clock.set(until);
  return steps;
}
