// A worker process for the activation scale and crash tests. It connects and prints `ready`,
// then waits for a `go` line on stdin to start running the activation jobs (send, control,
// check) and prints `started`; it runs until killed. Its clock is the
// simulated time the test writes to <clock-file>; the test process releases due work.
// Usage: node activation-worker.ts <database-url> <clock-file>
import { createInterface } from 'node:readline';
import { scaleEnv } from '../../../test/scale/scale-plans.ts';
import { fileClock } from '../../../test/scale/shared-clock.ts';
import { workerActivationKinds } from '../../../test/scale/worker-activation-kinds.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { openDatabase } from '../../store/database.ts';

const [url = '', clockFile = ''] = process.argv.slice(2);
const db = openDatabase(url, { max: 4 });
const queue = await JobQueue.open({
  url,
  db,
  clock: fileClock(clockFile),
  kinds: workerActivationKinds(scaleEnv),
});
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  await queue.startWorkers();
  process.stdout.write('started\n');
}
