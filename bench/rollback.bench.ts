import { migrateTo } from '../examples/venture/migrate.ts';
import { startExampleVenture } from '../examples/venture/start.ts';
import { systemClock } from '../src/clock/clock.ts';
import type { AnyJobKind } from '../src/jobs/job-kind.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { setRunbookDependencies } from '../src/runbooks/runbook-dependencies.ts';
import { runbookStepJob, startRunbook } from '../src/runbooks/runbook-executor.ts';
import { getRunbookRun } from '../src/runbooks/runbook-store.ts';
import { ventureHealthReader } from '../src/runbooks/testing/venture-health-reader.ts';
import { ventureRollback } from '../src/runbooks/testing/venture-rollback.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const runs = 10;
const verifyHoldMs = 1_000;

/**
 * A 4-step rollback (traffic → db_migration → cdn_purge → verify holding 1 s) against the
 * example venture running as a real process, 10 times: total time minus the verify window, and
 * start → first step started.
 */
export async function benchRollback(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const venture = await startExampleVenture();
  const queue = await JobQueue.open({
    url: store.url,
    db: store.db,
    clock: systemClock,
    kinds: [runbookStepJob as AnyJobKind],
  });
  setRunbookDependencies({
    metrics: ventureHealthReader(venture.url),
    env: {},
    allowedExecutables: [process.execPath],
  });
  const spec = ventureRollback(venture, { holdMs: verifyHoldMs, pollMs: 100 });
  try {
    await queue.startWorkers();
    const totals: number[] = [];
    const firstStep: number[] = [];
    for (let i = 0; i < runs; i++) {
      await fetch(`${venture.url}/admin/traffic`, { method: 'POST', body: '{"version":"v2"}' });
      migrateTo(venture.dataDir, 2);
      const startedAt = Date.now();
      const { runId } = await startRunbook(
        store.db,
        { clock: systemClock, queue, runbooks: async () => spec },
        { launchId: null, runbookId: 'rollback', reason: 'bench', actor: 'bench' },
      );
      for (;;) {
        const run = await getRunbookRun(store.db, runId);
        if (run && run.state !== 'running') {
          if (run.state !== 'succeeded') throw new Error(`rollback ${run.state}`);
          totals.push(Date.now() - startedAt - verifyHoldMs);
          firstStep.push((run.steps[0]?.startedAt?.getTime() ?? Number.NaN) - startedAt);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    return [
      {
        name: '4-step rollback minus the verify window (median)',
        value: Math.round(median(totals)),
        unit: 'ms',
        detail: `p99 ${Math.round(percentile(totals, 99))} ms over ${runs} runs; target ≤ 5 s; verify held ${verifyHoldMs} ms`,
      },
      {
        name: 'runbook start → first step started (p99)',
        value: Math.round(percentile(firstStep, 99)),
        unit: 'ms',
        detail: `median ${Math.round(median(firstStep))} ms`,
      },
    ];
  } finally {
    setRunbookDependencies(null);
    await queue.stop();
    await venture.stop();
  }
}
