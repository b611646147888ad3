// `npm run bench`: runs every benchmark and prints a Markdown table with the machine it ran on.
// Uses DATABASE_URL when set, otherwise a fresh embedded PostgreSQL.
import { rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { openStore } from '../src/store/store.ts';
import { benchLedgerSends } from './activation.bench.ts';
import { benchAlerts } from './alerts.bench.ts';
import { benchApproval } from './approval.bench.ts';
import { benchBreachToAlert } from './breach-to-alert.bench.ts';
import { benchChartQuery } from './chart-query.bench.ts';
import { benchComms } from './comms.bench.ts';
import { benchDashboardRender } from './dashboard-render.bench.ts';
import { benchIngest } from './ingest.bench.ts';
import { benchJobs } from './jobs.bench.ts';
import { benchConcurrentLaunches, benchSimulatedLaunch } from './launch.bench.ts';
import { type BenchResult, freshHome } from './measure.ts';
import { benchMonitors } from './monitors.bench.ts';
import { benchReportRendering } from './reports.bench.ts';
import { benchRollback } from './rollback.bench.ts';
import { benchStartup } from './startup.bench.ts';
import { benchTriggers } from './triggers.bench.ts';
import { benchValidatePlan } from './validate-plan.bench.ts';

const results: BenchResult[] = [];
const step = async (label: string, run: () => Promise<BenchResult[]>) => {
  process.stderr.write(`${label}…\n`);
  results.push(...(await run()));
};

await step('validating a plan with 1,000 activations', benchValidatePlan);
await step('starting launchcrew up (cold and warm)', benchStartup);
await step('collecting and rendering launch reports', benchReportRendering);
const home = await freshHome('launchcrew-bench-jobs-');
const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, home });
try {
  await step(`pg-boss jobs on ${store.description}`, () => benchJobs(store));
  await step('breach → alert, end to end', () => benchBreachToAlert(store));
  await step(`trigger evaluation on ${store.description}`, () => benchTriggers(store));
  await step('5,000 HTTP monitors probing a local server', () => benchMonitors(store));
  await step(`alerts and metric sources on ${store.description}`, () => benchAlerts(store));
  await step(`metric and event ingest on ${store.description}`, () => benchIngest(store));
  await step('7-day chart queries', () => benchChartQuery(store));
  await step('incident comms: publish, banner, status page', () => benchComms(store));
  await step('4-step rollback against the example venture', () => benchRollback(store));
  await step('approval → first rollback step started', () => benchApproval(store));
  await step('sends through the delivery ledger', () => benchLedgerSends(store));
  await step('one simulated 7-day launch', () => benchSimulatedLaunch(store));
  await step('100 concurrent simulated 7-day launches', () => benchConcurrentLaunches(store));
  await step('dashboard: 7-day charts in Chromium', () => benchDashboardRender(store));
} finally {
  await store.close();
  await rm(home, { recursive: true, force: true });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log('| benchmark | result | notes |\n|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${r.value} ${r.unit} | ${r.detail ?? ''} |`);
