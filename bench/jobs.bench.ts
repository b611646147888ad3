import { z } from 'zod';
import { systemClock } from '../src/clock/clock.ts';
import { type AnyJobKind, defineJob } from '../src/jobs/job-kind.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const startLatencies: number[] = [];
let completed = 0;

const benchJob = defineJob({
  name: 'bench.noop',
  payload: z.object({ enqueuedAt: z.number() }),
  run: async ({ enqueuedAt }) => {
    startLatencies.push(performance.timeOrigin + performance.now() - enqueuedAt);
    completed++;
  },
});

/**
 * pg-boss through our JobQueue: throughput of 2,000 queued jobs, and the enqueue→start latency
 * of 200 jobs sent one at a time (each in its own transaction) to running workers.
 */
export async function benchJobs(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const kinds = [benchJob as AnyJobKind];
  const queue = await JobQueue.open({ url: store.url, db: store.db, clock: systemClock, kinds });
  try {
    const total = 2000;
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < total; i++)
        await queue.enqueue(trx, benchJob, { enqueuedAt: Date.now() });
    });
    completed = 0;
    const started = performance.now();
    await queue.startWorkers({ concurrency: 16 });
    while (completed < total) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - started) / 1000;

    startLatencies.length = 0;
    for (let i = 0; i < 200; i++) {
      await store.db
        .transaction()
        .execute((trx) => queue.enqueue(trx, benchJob, { enqueuedAt: Date.now() }));
      await new Promise((r) => setTimeout(r, 10));
    }
    while (startLatencies.length < 200) await new Promise((r) => setTimeout(r, 5));
    return [
      {
        name: 'jobs: throughput (2,000 queued no-op jobs, 16 concurrent)',
        value: Math.round(total / seconds),
        unit: 'jobs/s',
      },
      {
        name: 'jobs: enqueue→start latency, median (200 jobs, LISTEN/NOTIFY)',
        value: Math.round(median(startLatencies)),
        unit: 'ms',
        detail: `p95 ${Math.round(percentile(startLatencies, 95))} ms, max ${Math.round(Math.max(...startLatencies))} ms`,
      },
    ];
  } finally {
    await queue.stop();
  }
}
