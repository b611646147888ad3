/**
 * Benchmarks: whole launches on a simulated clock with every job kind of the worker — created,
 * entry gates at the freeze, go, deployed at T0 to the example venture (blue-green runbook),
 * live, 7 days of due work (milestones, reports, activations and their checks), success. One
 * launch, then 100 launches of 100 ventures at once (wall time and peak RSS).
 */
import { startExampleVenture } from '../examples/venture/start.ts';
import { jobKinds, runbookFinishedJob } from '../src/app/job-kinds.ts';
import { SimulatedClock } from '../src/clock/clock.ts';
import { jsonReply, startFakeVendor } from '../src/connectors/testing/fake-vendor.ts';
import { setIncidentDependencies } from '../src/incidents/incident-dependencies.ts';
import { wiredIncidentDependencies } from '../src/incidents/wired-dependencies.ts';
import { runSchedule } from '../src/jobs/due-work-controller.ts';
import type { AnyJobKind } from '../src/jobs/job-kind.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { decideGoNoGo } from '../src/launch/go-no-go.ts';
import { setLaunchCollaborators } from '../src/launch/launch-collaborators.ts';
import { checkLaunchSuccess } from '../src/launch/launch-outcome.ts';
import { createLaunch } from '../src/launch/launch-service.ts';
import { scriptedLaunchCollaborators } from '../src/launch/testing/scripted-collaborators.ts';
import { noData } from '../src/metrics/metric-reader.ts';
import { setReportDependencies } from '../src/reports/report-dependencies.ts';
import { setRunbookDependencies } from '../src/runbooks/runbook-dependencies.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { scaleEnv, scaleT0, venturePlanYaml } from '../test/scale/scale-plans.ts';
import type { BenchResult } from './measure.ts';

const hour = 3_600_000;
const day = 24 * hour;

/** What one simulated run did. */
interface SimulatedRun {
  wallMs: number;
  peakRssMiB: number;
  reports: number;
  jobs: number;
  succeeded: number;
}

/**
 * `launches` launches of as many ventures, created 5 days before T0 and run to T0 + 7 days.
 * Launches of earlier runs in the store are left alone (their ventures differ: `offset`).
 */
async function simulateLaunches(
  store: Store,
  launches: number,
  offset: number,
): Promise<SimulatedRun> {
  await migrateToLatest(store.db);
  const vendor = await startFakeVendor(jsonReply(201, { batch_id: 'batch-1' }));
  const venture = await startExampleVenture();
  const clock = new SimulatedClock(new Date(scaleT0.getTime() - 5 * day));
  const { collaborators } = scriptedLaunchCollaborators(scaleEnv);
  setLaunchCollaborators(collaborators);
  const kinds = jobKinds.map((kind) =>
    kind.name === collaborators.handoffJob.name ? (collaborators.handoffJob as AnyJobKind) : kind,
  );
  const queue = await JobQueue.open({ url: store.url, db: store.db, clock, kinds });
  let reports = 0;
  setRunbookDependencies({
    metrics: { read: async () => noData('no metrics in the benchmark') },
    env: {},
    allowedExecutables: [],
    finishedJob: runbookFinishedJob,
  });
  setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env: scaleEnv }));
  setReportDependencies({
    metrics: { read: async () => noData('no metrics in the benchmark') },
    sender: {
      chat: async () => {
        reports += 1;
        return {};
      },
      email: async () => ({}),
    },
    triggerStates: async () => [],
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const deps = { db: store.db, queue, kinds };
  let jobs = 0;
  /** Replays due work to `until`; a step whose jobs outlast the replay's 30 s wait is waited out. */
  const runTo = async (until: Date) => {
    for (;;) {
      try {
        for (const step of await runSchedule(deps, clock, until)) jobs += step.released;
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.message !== 'jobs did not finish in time')
          throw error;
        await queue.drain({ timeoutMs: 600_000, pollMs: 100 });
      }
    }
  };
  try {
    await queue.startWorkers();
    const started = performance.now();
    const ids = await Promise.all(
      Array.from({ length: launches }, async (_, i) => {
        const planYaml = venturePlanYaml(offset + i, vendor.url, venture.url);
        return (await createLaunch({ db: store.db, clock }, { planYaml, actor: 'bench' })).launch
          .id;
      }),
    );
    await runTo(new Date(scaleT0.getTime() - 95 * hour));
    for (const launchId of ids) {
      await decideGoNoGo({ db: store.db, clock }, { launchId, actor: 'bench', decision: 'go' });
    }
    await runTo(new Date(scaleT0.getTime() + 7 * day));
    let succeeded = 0;
    for (const launchId of ids) {
      if (await checkLaunchSuccess(store.db, clock, launchId)) succeeded += 1;
    }
    await runTo(new Date(clock.now().getTime() + 1000));
    const wallMs = performance.now() - started;
    return { wallMs, peakRssMiB: Math.round(peakRss / 2 ** 20), reports, jobs, succeeded };
  } finally {
    clearInterval(sampler);
    setLaunchCollaborators(null);
    setIncidentDependencies(null);
    setRunbookDependencies(null);
    setReportDependencies(null);
    await queue.stop();
    await Promise.all([vendor.close(), venture.stop()]);
  }
}

/**
 * Wall time of one simulated 7-day launch, create → success.
 *
 * @example
 * const [result] = await benchSimulatedLaunch(store); // { name: 'simulated 7-day launch…', value: 9.1, unit: 's' }
 */
export async function benchSimulatedLaunch(store: Store): Promise<BenchResult[]> {
  const run = await simulateLaunches(store, 1, 1000);
  if (run.succeeded !== 1) throw new Error('the simulated launch did not succeed');
  return [
    {
      name: 'simulated 7-day launch, create → go → live → 7 days of due work → success',
      value: Math.round(run.wallMs / 100) / 10,
      unit: 's',
      detail: `${run.jobs} jobs released, ${run.reports} reports, 3 activations; peak RSS ${run.peakRssMiB} MiB`,
    },
  ];
}

/**
 * Wall time and peak RSS of 100 simulated 7-day launches of 100 ventures at once.
 *
 * @example
 * const results = await benchConcurrentLaunches(store);
 */
export async function benchConcurrentLaunches(store: Store): Promise<BenchResult[]> {
  const launches = 100;
  const run = await simulateLaunches(store, launches, 2000);
  if (run.succeeded !== launches)
    throw new Error(`${run.succeeded} of ${launches} launches succeeded`);
  const detail = `${launches} launches, ${run.jobs} jobs released, ${run.reports} reports, ${3 * launches} activations`;
  return [
    {
      name: `${launches} concurrent simulated 7-day launches (wall time)`,
      value: Math.round(run.wallMs / 100) / 10,
      unit: 's',
      detail,
    },
    {
      name: `${launches} concurrent simulated 7-day launches (peak RSS)`,
      value: run.peakRssMiB,
      unit: 'MiB',
      detail: 'process.memoryUsage().rss sampled every 50 ms, workers in the same process',
    },
  ];
}
