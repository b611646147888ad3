import type { Logger } from 'pino';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import type { Clock } from '../clock/clock.ts';
import { startDueWorkLoop } from '../jobs/due-work-controller.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { launchMetricReader } from '../metrics/launch-metric-reader.ts';
import { startMonitorScheduler } from '../metrics/monitors/monitor-scheduler.ts';
import { metricSourceManifests } from '../metrics/sources/metric-source-registry.ts';
import { channelReportSender } from '../reports/channel-report-sender.ts';
import { setReportDependencies } from '../reports/report-dependencies.ts';
import { triggerStatesFromEvaluations } from '../reports/trigger-summaries.ts';
import {
  runbookExecutablesFromEnv,
  setRunbookDependencies,
} from '../runbooks/runbook-dependencies.ts';
import { startRunbookResumer } from '../runbooks/runbook-resumer.ts';
import type { Db } from '../store/database.ts';
import { startTriggerLoop } from '../triggers/trigger-scheduler.ts';
import { jobKinds, runbookFinishedJob, triggerEventJob } from './job-kinds.ts';

/**
 * Starts everything a worker runs on `clock`: the job handlers, the controller that releases due
 * work, the monitor scheduler (probes), the trigger loop (LAUNCH-001…004 and custom rules) and
 * the resumer of interrupted runbooks (rollbacks).
 * Secrets of connectors come from the process environment. Returns a stop function that stops
 * them in reverse order.
 *
 * @example
 * const stop = await startWorker({ db, clock: systemClock, queue, log });
 * await stop();
 */
export async function startWorker(deps: {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  log: Logger;
}): Promise<() => Promise<void>> {
  const { db, clock, queue, log } = deps;
  const reader = launchMetricReader(db, process.env);
  setReportDependencies({
    metrics: reader,
    sender: channelReportSender(process.env, clock),
    triggerStates: triggerStatesFromEvaluations(db),
  });
  // Load the connector manifests now, not on the first alert of a launch.
  await Promise.all([alertChannelManifests(), metricSourceManifests()]);
  await queue.startWorkers();
  const dueWork = startDueWorkLoop({ db, queue, kinds: jobKinds }, clock, {
    onError: (error) => log.warn({ err: error }, 'releasing due work failed; retrying'),
  });
  const monitors = startMonitorScheduler({
    db,
    clock,
    onError: (error) => log.warn({ err: error }, 'monitor scheduler'),
  });
  setRunbookDependencies({
    metrics: reader,
    env: process.env,
    allowedExecutables: runbookExecutablesFromEnv(process.env),
    finishedJob: runbookFinishedJob,
  });
  const runbookResumer = startRunbookResumer(db, queue, {
    onError: (error) => log.warn({ err: error }, 'resuming runbooks failed'),
  });
  const triggers = startTriggerLoop(
    { db, clock, queue, reader, eventJob: triggerEventJob },
    { onError: (error) => log.warn({ err: error }, 'trigger evaluation failed') },
  );
  return async () => {
    await triggers.stop();
    await runbookResumer.stop();
    setRunbookDependencies(null);
    await monitors.stop();
    await dueWork.stop();
    setReportDependencies(null);
  };
}
