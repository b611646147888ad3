/**
 * Picks up runbook steps whose worker died: a killed worker's `runbook.step` job stays active in
 * pg-boss until it expires (15 minutes, so long steps are not taken for crashed), so the worker
 * re-enqueues the current step of every running run at start-up and then every `intervalMs`.
 * A step still held by a live worker is left alone by its duplicate job (its lock is taken).
 */
import type { JobQueue } from '../jobs/job-queue.ts';
import { type PeriodicLoop, startPeriodicLoop } from '../jobs/periodic-loop.ts';
import type { Db } from '../store/database.ts';
import { resumeRunbooks } from './runbook-executor.ts';

/**
 * Starts the resume loop (the first pass runs at once).
 *
 * @example
 * const resumer = startRunbookResumer(db, queue, { intervalMs: 30_000, onError: (e) => log.warn(e) });
 * await resumer.stop();
 */
export function startRunbookResumer(
  db: Db,
  queue: JobQueue,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): PeriodicLoop {
  return startPeriodicLoop(
    async () => {
      await resumeRunbooks(db, queue);
    },
    { intervalMs: options.intervalMs ?? 30_000, onError: options.onError },
  );
}
