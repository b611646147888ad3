// A worker process for the runbook crash test. It connects and prints `ready`, then waits for a
// `go` line on stdin to start running `runbook.step` jobs (resuming interrupted runs first) and
// prints `started`; it runs until killed. Its verify steps read error_rate from the example
// venture's health check. Usage: node runbook-worker.ts <database-url> <venture-url>
import { createInterface } from 'node:readline';
import { systemClock } from '../../clock/clock.ts';
import type { AnyJobKind } from '../../jobs/job-kind.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { openDatabase } from '../../store/database.ts';
import { setRunbookDependencies } from '../runbook-dependencies.ts';
import { resumeRunbooks, runbookStepJob } from '../runbook-executor.ts';
import { ventureHealthReader } from './venture-health-reader.ts';

const [url = '', ventureUrl = ''] = process.argv.slice(2);
setRunbookDependencies({
  metrics: ventureHealthReader(ventureUrl),
  env: {},
  allowedExecutables: [process.execPath],
});
const db = openDatabase(url, { max: 4 });
const queue = await JobQueue.open({
  url,
  db,
  clock: systemClock,
  kinds: [runbookStepJob as AnyJobKind],
});
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  await queue.startWorkers();
  await resumeRunbooks(db, queue);
  process.stdout.write('started\n');
}
