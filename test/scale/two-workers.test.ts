import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivations } from '../../src/activation/activation-store.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../src/connectors/testing/fake-vendor.ts';
import type { AnyJobKind } from '../../src/jobs/job-kind.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import { setLaunchCollaborators } from '../../src/launch/launch-collaborators.ts';
import { scriptedLaunchCollaborators } from '../../src/launch/testing/scripted-collaborators.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { declareLive, keyCounts, releaseAllDue, startSharedClockLaunch } from './scale-launch.ts';
import { activationIdOf, scaleEnv, scaleT0 } from './scale-plans.ts';
import { setFileClock } from './shared-clock.ts';
import { workerActivationKinds } from './worker-activation-kinds.ts';
import { type IdleWorker, killHard, spawnActivationWorker } from './worker-processes.ts';

const activations = 200;
const at = (minutes: number) => new Date(scaleT0.getTime() + minutes * 60_000);

describe('two worker processes on one PostgreSQL', () => {
  let t: TestDatabase;
  let vendor: FakeVendor;
  let queue: JobQueue;
  let dir: string;
  let workers: IdleWorker[] = [];
  const kinds: AnyJobKind[] = workerActivationKinds(scaleEnv);

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'launchcrew-two-workers-'));
    // SendGrid batches, mails and the webhook all answer 201 with a batch id
    vendor = await startFakeVendor(jsonReply(201, { batch_id: 'batch-1' }));
    setLaunchCollaborators(scriptedLaunchCollaborators(scaleEnv).collaborators);
  });
  afterAll(async () => {
    setLaunchCollaborators(null);
    for (const worker of workers) await killHard(worker.process);
    await queue?.stop();
    await vendor.close();
    await t.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`delivers each of ${activations} activations exactly once`, { timeout: 90_000 }, async () => {
    const clockFile = join(dir, 'clock');
    const started = await startSharedClockLaunch({
      db: t.db,
      url: t.url,
      clockFile,
      startAt: at(-60),
      kinds,
      count: activations,
      vendorUrl: vendor.url,
    });
    queue = started.queue;
    const { clock, launchId } = started;
    workers = await Promise.all([0, 1].map(() => spawnActivationWorker(t.url, clockFile)));
    await Promise.all(workers.map((worker) => worker.go()));
    setFileClock(clockFile, at(-1));
    await declareLive(t.db, clock, launchId);

    const lastMinute = Math.ceil(activations / 4);
    for (let minute = -1; minute <= lastMinute; minute++) {
      setFileClock(clockFile, at(minute));
      await releaseAllDue(t.db, queue, clock, kinds);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await queue.drain({ timeoutMs: 60_000 });

    const rows = await listActivations(t.db, launchId);
    expect(rows.filter((row) => row.state !== 'sent')).toEqual([]);
    const counts = keyCounts(vendor.received);
    // the T+15 deliverability check posts to the team chat (the webhook) at most once: only when
    // it warns, which depends on how many e-mails the workers had sent by then
    const checkPosts = counts.get(`activation-check:${launchId}`) ?? 0;
    expect(checkPosts).toBeLessThanOrEqual(1);
    counts.delete(`activation-check:${launchId}`);
    const expected = Array.from(
      { length: activations },
      (_, i) => `activation:${launchId}:${activationIdOf(i)}`,
    );
    expect([...counts.keys()].sort()).toEqual(expected);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    // chat went to the webhook, e-mail to SendGrid: 100 each (plus SendGrid batches)
    expect(vendor.received.filter((r) => r.path === '/hook')).toHaveLength(
      activations / 2 + checkPosts,
    );
    expect(vendor.received.filter((r) => r.path === '/v3/mail/send')).toHaveLength(activations / 2);
    const ledger = await t.db
      .selectFrom('deliveries')
      .select(({ fn }) => ['state', fn.countAll<string>().as('n')])
      .where('launch_id', '=', launchId)
      .groupBy('state')
      .execute();
    expect(ledger).toEqual([{ state: 'sent', n: String(activations + checkPosts) }]);
    expect(await queue.failedJobs()).toEqual([]);
  });
});
