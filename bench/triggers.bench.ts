import { systemClock } from '../src/clock/clock.ts';
import type { AnyJobKind } from '../src/jobs/job-kind.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import type { MetricReader } from '../src/metrics/metric-reader.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { defineTriggerEventJob } from '../src/triggers/trigger-event-job.ts';
import { startTriggerLoop, type TriggerPassResult } from '../src/triggers/trigger-scheduler.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const launches = 1000;
const rulesPerLaunch = 10;
const intervalMs = 10_000;
const runMs = 35_000;

const plan = {
  triggers: {
    builtin: Object.fromEntries(
      ['LAUNCH-001', 'LAUNCH-002', 'LAUNCH-003', 'LAUNCH-004'].map((id) => [
        id,
        { enabled: false },
      ]),
    ),
    rules: Array.from({ length: rulesPerLaunch }, (_, i) => ({
      id: `rule-${i}`,
      // rule-0 fires at the first evaluation (a trigger.event job per launch), the others never.
      expr: `bench_metric_${i} > ${i === 0 ? 0 : 1000}`,
      for: '0s',
      no_data: 'ok',
      severity: 'P2',
    })),
  },
};

const reader: MetricReader = { read: async () => ({ value: 1 }) };

/**
 * The trigger scheduler on the real clock: 1,000 active launches × 10 rules every 10 s for 35 s
 * against PostgreSQL; how late each evaluation runs after its due time (the scheduler ticks every
 * 200 ms, every rule of every launch falls due at the same moment — the worst case).
 */
export async function benchTriggers(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const eventJob = defineTriggerEventJob([]);
  const queue = await JobQueue.open({
    url: store.url,
    db: store.db,
    clock: systemClock,
    kinds: [eventJob as AnyJobKind],
  });
  const ids = await insertLaunches(store);
  const passes: { endedAt: number; pass: TriggerPassResult }[] = [];
  const deps = { db: store.db, clock: systemClock, queue, reader, eventJob };
  try {
    const loop = startTriggerLoop(
      { ...deps, ruleDefaults: { intervalMs } },
      { tickMs: 200, onPass: (pass) => passes.push({ endedAt: performance.now(), pass }) },
    );
    await new Promise((resolve) => setTimeout(resolve, runMs));
    await loop.stop();
  } finally {
    await store.db
      .updateTable('launches')
      .set({ state: 'succeeded' })
      .where('id', 'in', ids)
      .execute();
    await queue.stop();
  }
  // The first pass creates the state rows of 1,000 launches at once; launches due while it runs
  // start late. Steady state is measured from one interval after it.
  const warmUpEnd = (passes[0]?.endedAt ?? 0) + intervalMs;
  const lags = passes.filter((p) => p.endedAt > warmUpEnd).flatMap((p) => p.pass.lagsMs);
  const warmUpLags = passes.filter((p) => p.endedAt <= warmUpEnd).flatMap((p) => p.pass.lagsMs);
  const evaluated = passes.reduce((n, p) => n + p.pass.evaluated, 0);
  const failures = passes.reduce((n, p) => n + p.pass.failures.length, 0);
  return [
    {
      name: `triggers: evaluation lag p99 (${launches} launches × ${rulesPerLaunch} rules every 10 s)`,
      value: Math.round(percentile(lags, 99)),
      unit: 'ms',
      detail: `steady state: median ${Math.round(median(lags))} ms, max ${Math.round(Math.max(0, ...lags))} ms; first interval (all launches new): max ${Math.round(Math.max(0, ...warmUpLags))} ms; ${evaluated} evaluations in ${runMs / 1000} s (${Math.round(evaluated / (runMs / 1000))}/s), ${failures} failed launches; target p99 < 1000 ms`,
    },
  ];
}

async function insertLaunches(store: Store): Promise<string[]> {
  await store.db
    .insertInto('ventures')
    .values({ id: 'bench-triggers', name: 'bench-triggers' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const rows = await store.db
    .insertInto('launches')
    .values(
      Array.from({ length: launches }, () => ({
        venture_id: 'bench-triggers',
        state: 'monitoring' as const,
        preset: 'b2b_saas_launch',
        t0: new Date(),
        plan: JSON.stringify(plan),
        plan_yaml: '',
        plan_sha256: '',
        created_by: 'bench',
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
