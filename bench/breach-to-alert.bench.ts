import { parse, stringify } from 'yaml';
import { alertChannelManifests } from '../src/alerts/channels/alert-channel.ts';
import { jobKinds, triggerEventJob } from '../src/app/job-kinds.ts';
import { systemClock } from '../src/clock/clock.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../src/connectors/testing/fake-vendor.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { createLaunch } from '../src/launch/launch-service.ts';
import { launchMetricReader } from '../src/metrics/launch-metric-reader.ts';
import { insertSamples } from '../src/metrics/samples/sample-store.ts';
import { metricSourceManifests } from '../src/metrics/sources/metric-source-registry.ts';
import { renderPlan } from '../src/plan/init/render-plan.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { startTriggerLoop } from '../src/triggers/trigger-scheduler.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const LAUNCHES = 20;
const FOR_MS = 2_000;
const INTERVAL_MS = 1_000;

/**
 * The whole path from a breach to the pager, on the real clock: 20 monitoring launches whose
 * pushed error rate jumps to 50 % (rule `error_rate > 5` for 2s, evaluated every 1 s); each
 * firing goes through the trigger engine, a `trigger.event` job, the alert router and the
 * delivery ledger to Slack and PagerDuty faked on 127.0.0.1. Reports the time from the sample
 * being stored to each vendor receiving its request, against the budget for + interval + 1 s.
 */
export async function benchBreachToAlert(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const slack = await startFakeVendor({ status: 200, body: 'ok' });
  const pagerDuty = await startFakeVendor(
    jsonReply(202, { status: 'success', message: 'Event processed' }),
  );
  process.env.SLACK_WEBHOOK_URL = `${slack.url}/services/T/B/X`;
  process.env.PAGERDUTY_ROUTING_KEY = 'R0UT1NGKEY';
  const queue = await JobQueue.open({
    url: store.url,
    db: store.db,
    clock: systemClock,
    kinds: jobKinds,
  });
  await Promise.all([alertChannelManifests(), metricSourceManifests()]); // as startWorker does
  await queue.startWorkers({ concurrency: 8 });
  const launches = await createMonitoringLaunches(store, pagerDuty);
  const loop = startTriggerLoop(
    {
      db: store.db,
      clock: systemClock,
      queue,
      reader: launchMetricReader(store.db, process.env),
      eventJob: triggerEventJob,
      ruleDefaults: { intervalMs: INTERVAL_MS },
    },
    { tickMs: 100 },
  );
  try {
    const breachedAt = new Map<string, number>();
    for (const launch of launches) {
      await new Promise((r) => setTimeout(r, 150));
      breachedAt.set(launch.venture, Date.now());
      const samples = Array.from({ length: 8 }, (_, k) => ({
        name: 'error_rate',
        labels: {},
        value: 50,
        ts: new Date(Date.now() + k * 1000),
      }));
      await insertSamples(store.db, launch.id, samples);
    }
    const deadline = Date.now() + 30_000;
    while (
      (received(slack).size < LAUNCHES || received(pagerDuty).size < LAUNCHES) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const lags = (vendor: FakeVendor) =>
      [...received(vendor)].map(([venture, at]) => at - (breachedAt.get(venture) ?? at));
    const budget = FOR_MS + INTERVAL_MS + 1_000;
    return [
      summary('breach → Slack request received', lags(slack), budget),
      summary('breach → PagerDuty request received', lags(pagerDuty), budget),
    ];
  } finally {
    await loop.stop();
    await queue.stop();
    await slack.close();
    await pagerDuty.close();
  }
}

/** First receipt time per venture of the bench rule's alert (Bench-NNN is in every alert body;
 * the built-in LAUNCH-001 incident rule, `error_rate > 5` with no `for`, also alerts chat). */
function received(vendor: FakeVendor): Map<string, number> {
  const first = new Map<string, number>();
  for (const request of vendor.received) {
    if (!request.body.includes('bench-errors')) continue;
    const venture = /Bench-\d{3}/.exec(request.body)?.[0];
    if (venture && !first.has(venture)) first.set(venture, request.receivedAt);
  }
  return first;
}

async function createMonitoringLaunches(store: Store, pagerDuty: FakeVendor) {
  const base = parse(renderPlan('b2b_saas_launch', { now: new Date(), schemaRef: 'x' })) as Record<
    string,
    unknown
  > & {
    venture: Record<string, unknown>;
    connectors: Array<{ vendor: string; config: Record<string, unknown> }>;
    triggers?: { rules?: unknown[] };
  };
  const launches: Array<{ id: string; venture: string }> = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const venture = `Bench-${String(i).padStart(3, '0')}`;
    const plan = structuredClone(base);
    plan.venture.id = venture.toLowerCase();
    plan.venture.name = venture;
    for (const connector of plan.connectors) {
      if (connector.vendor === 'pagerduty')
        connector.config.events_url = `${pagerDuty.url}/v2/enqueue`;
    }
    plan.triggers = {
      ...plan.triggers,
      rules: [{ id: 'bench-errors', expr: 'error_rate > 5', for: '2s', severity: 'P1' }],
    };
    const { launch } = await createLaunch(
      { db: store.db, clock: systemClock },
      { planYaml: stringify(plan), actor: 'bench' },
    );
    await store.db
      .updateTable('launches')
      .set({ state: 'monitoring' })
      .where('id', '=', launch.id)
      .execute();
    launches.push({ id: launch.id, venture });
  }
  return launches;
}

function summary(name: string, lags: number[], budgetMs: number): BenchResult {
  return {
    name: `${name} (p99, ${lags.length} launches)`,
    value: Math.round(percentile(lags, 99)),
    unit: 'ms',
    detail: `median ${Math.round(median(lags))} ms; budget for + interval + 1 s = ${budgetMs} ms`,
  };
}
