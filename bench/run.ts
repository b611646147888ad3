// `npm run bench`: runs every benchmark and prints a Markdown table with the machine it ran on.
// Uses DATABASE_URL when set, otherwise a fresh embedded PostgreSQL.
import { rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { openStore } from '../src/store/store.ts';
import { benchJobs } from './jobs.bench.ts';
import { type BenchResult, freshHome } from './measure.ts';
import { benchStartup } from './startup.bench.ts';
import { benchValidatePlan } from './validate-plan.bench.ts';

const results: BenchResult[] = [];
const step = async (label: string, run: () => Promise<BenchResult[]>) => {
  process.stderr.write(`${label}…\n`);
  results.push(...(await run()));
};

await step('validating a plan with 1,000 activations', benchValidatePlan);
await step('starting launchcrew up (cold and warm)', benchStartup);
const home = await freshHome('launchcrew-bench-jobs-');
const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, home });
try {
  await step(`pg-boss jobs on ${store.description}`, () => benchJobs(store));
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
