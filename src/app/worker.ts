import type { Logger } from 'pino';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import type { Clock } from '../clock/clock.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
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
  const { reader, unwire } = await wireWorkerDependencies({ db, clock, env: process.env });
  await queue.startWorkers();
  const dueWork = startDueWorkLoop({ db, queue, kinds: jobKinds }, clock, {
    onError: (error) => log.warn({ err: error }, 'releasing due work failed; retrying'),
  });
  const monitors = startMonitorScheduler({
    db,
    clock,
    onError: (error) => log.warn({ err: error }, 'monitor scheduler'),
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
    await monitors.stop();
    await dueWork.stop();
    unwire();
  };
}

/**
 * Sets what the worker's jobs depend on — the launch metric reader for reports and runbook
 * verify steps, the report senders, the runbook executor's environment — with connector secrets
 * from `env`, and loads the connector manifests. `unwire` restores the defaults. The demo wires
 * the same way and drives the clock itself.
 *
 * @example
 * const { reader, unwire } = await wireWorkerDependencies({ db, clock, env: process.env });
 */
export async function wireWorkerDependencies(deps: { db: Db; clock: Clock; env: SecretEnv }) {
  const { db, clock, env } = deps;
  const reader = launchMetricReader(db, env);
  setReportDependencies({
    metrics: reader,
    sender: channelReportSender(env, clock),
    triggerStates: triggerStatesFromEvaluations(db),
  });
  setRunbookDependencies({
    metrics: reader,
    env,
    allowedExecutables: runbookExecutablesFromEnv(env),
    finishedJob: runbookFinishedJob,
  });
  // Load the connector manifests now, not on the first alert of a launch.
  await Promise.all([alertChannelManifests(), metricSourceManifests()]);
  return {
    reader,
    unwire() {
      setRunbookDependencies(null);
      setReportDependencies(null);
    },
  };
}
