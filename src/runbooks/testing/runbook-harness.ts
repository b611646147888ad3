/** Test helpers: a queue running `runbook.step` jobs, and running a runbook to its end. */
import type { Clock } from '../../clock/clock.ts';
import type { AnyJobKind } from '../../jobs/job-kind.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import type { MetricReader, MetricReading } from '../../metrics/metric-reader.ts';
import type { Db } from '../../store/database.ts';
import { runbookStepJob, startRunbook } from '../runbook-executor.ts';
import type { RunbookSpecInput } from '../runbook-spec.ts';
import { getRunbookRun, type RunbookRun } from '../runbook-store.ts';

/**
 * Opens a job queue that runs runbook steps.
 *
 * @example
 * const queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
 */
export async function openRunbookQueue(
  url: string,
  db: Db,
  clock: Clock,
  options: { workers: boolean },
): Promise<JobQueue> {
  const queue = await JobQueue.open({ url, db, clock, kinds: [runbookStepJob as AnyJobKind] });
  if (options.workers) await queue.startWorkers();
  return queue;
}

/**
 * Waits until run `runId` is no longer running and returns it.
 *
 * @example
 * const run = await waitForRunEnd(db, runId);
 */
export async function waitForRunEnd(
  db: Db,
  runId: string,
  timeoutMs = 20_000,
): Promise<RunbookRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRunbookRun(db, runId);
    if (run && run.state !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `spec` as runbook `rollback` (no launch) and waits for the run's end.
 *
 * @example
 * const run = await runToEnd({ db, clock, queue }, { steps: [step] });
 */
export async function runToEnd(
  deps: { db: Db; clock: Clock; queue: JobQueue },
  spec: RunbookSpecInput,
  options: { dryRun?: boolean } = {},
): Promise<RunbookRun> {
  const { runId } = await startRunbook(
    deps.db,
    { clock: deps.clock, queue: deps.queue, runbooks: async () => spec },
    { launchId: null, runbookId: 'rollback', reason: 'test', actor: 'token:test', ...options },
  );
  return waitForRunEnd(deps.db, runId);
}

/**
 * A metric reader answering each read of a metric with the next value of its list (the last
 * value repeats).
 *
 * @example
 * const reader = scriptedMetricReader({ error_rate: [0.3, 0.3, 0.01] });
 */
export function scriptedMetricReader(
  values: Record<string, ReadonlyArray<number | null>>,
): MetricReader & { reads: number } {
  const positions = new Map<string, number>();
  const reader = {
    reads: 0,
    async read(query: { name: string }): Promise<MetricReading> {
      reader.reads += 1;
      const list = values[query.name] ?? [];
      const position = positions.get(query.name) ?? 0;
      positions.set(query.name, position + 1);
      const value = list[Math.min(position, list.length - 1)] ?? null;
      return value === null ? { value: null, reason: 'no samples' } : { value };
    },
  };
  return reader;
}
