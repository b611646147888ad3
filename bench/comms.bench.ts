import { createApi } from '../src/api/app.ts';
import { systemClock } from '../src/clock/clock.ts';
import { commsSendJob } from '../src/comms/comms-send-job.ts';
import { publishIncidentUpdate } from '../src/comms/incident-updates.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { incidentStatuses } from '../src/plan/sections/communications.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const incidents = 100;
const reads = 1000;

/**
 * Incident communications: publishing 400 status updates (status page + banner + the comms.send
 * job, one transaction each), then reading the banner and the status page (JSON and HTML, with
 * 50 incidents of history) through the API in-process.
 */
export async function benchComms(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const ventureId = `comms-bench-${Date.now()}`;
  await store.db.insertInto('ventures').values({ id: ventureId, name: 'Comms Bench' }).execute();
  const plan = {
    venture: { id: ventureId, name: 'Comms Bench' },
    monitors: [{ id: 'home' }, { id: 'api' }],
    templates: [],
    connectors: [],
  };
  const { id: launchId } = await store.db
    .insertInto('launches')
    .values({
      venture_id: ventureId,
      state: 'monitoring',
      preset: 'b2b_saas_launch',
      t0: new Date(),
      plan: JSON.stringify(plan),
      plan_yaml: '',
      plan_sha256: '',
      created_by: 'bench',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jobs = await JobQueue.open({
    url: store.url,
    db: store.db,
    clock: systemClock,
    kinds: [commsSendJob],
    supervise: false,
  });
  try {
    const publishTimes: number[] = [];
    for (let n = 0; n < incidents; n += 1) {
      for (const status of incidentStatuses) {
        const begin = performance.now();
        await store.db.transaction().execute((trx) =>
          publishIncidentUpdate(
            trx,
            { clock: systemClock, jobs },
            {
              launchId,
              incidentId: `${ventureId}-${n}`,
              status,
              severity: 'P1',
            },
          ),
        );
        publishTimes.push(performance.now() - begin);
      }
    }
    const app = createApi({
      db: store.db,
      clock: systemClock,
      version: 'bench',
      isReady: async () => true,
    });
    const time = async (path: string) => {
      const times: number[] = [];
      for (let index = 0; index < reads; index += 1) {
        const begin = performance.now();
        const answer = await app.request(path);
        await answer.text();
        if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status}`);
        times.push(performance.now() - begin);
      }
      return times;
    };
    const banner = await time(`/v1/banner/${ventureId}`);
    const statusJson = await time(`/status/${ventureId}.json`);
    const statusHtml = await time(`/status/${ventureId}`);
    const row = (name: string, times: number[], detail: string): BenchResult[] => [
      { name: `${name} p50`, value: Math.round(median(times) * 10) / 10, unit: 'ms', detail },
      {
        name: `${name} p99`,
        value: Math.round(percentile(times, 99) * 10) / 10,
        unit: 'ms',
        detail,
      },
    ];
    return [
      ...row(
        'publish incident update',
        publishTimes,
        `${publishTimes.length} updates, one transaction each`,
      ),
      ...row('GET /v1/banner', banner, `${reads} reads in-process`),
      ...row('GET /status/{venture}.json', statusJson, `${reads} reads, 50 incidents of history`),
      ...row('GET /status/{venture} (HTML)', statusHtml, `${reads} reads, 50 incidents of history`),
    ];
  } finally {
    await jobs.stop();
  }
}
