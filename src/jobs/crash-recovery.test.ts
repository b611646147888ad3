import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { crashProneJob } from '../../test/fixtures/crash-prone-job.ts';
import { listAudit } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import type { AnyJobKind } from './job-kind.ts';
import { JobQueue } from './job-queue.ts';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a worker that dies mid-job', () => {
  let t: TestDatabase;
  let queue: JobQueue | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await queue?.stop();
    await t.drop();
  });

  it('loses nothing: another worker retries the job after it expires', {
    timeout: 60_000,
  }, async () => {
    const kinds = [crashProneJob as AnyJobKind];
    const producer = await JobQueue.open({ url: t.url, db: t.db, clock: systemClock, kinds });
    await t.db
      .transaction()
      .execute((trx) => producer.enqueue(trx, crashProneJob, { label: 'survivor' }));
    await producer.stop();

    const child = spawn(process.execPath, ['test/fixtures/hanging-worker.ts', t.url], {
      env: { ...process.env, HANG_ON_JOB: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const started = await waitFor(async () => {
      const rows = await listAudit(t.db, { action: 'test.started' });
      return rows.length > 0 ? rows : undefined;
    }, 20_000);
    expect(started[0]?.detail).toMatchObject({ pid: child.pid, attempt: 0 });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    queue = await JobQueue.open({
      url: t.url,
      db: t.db,
      clock: systemClock,
      kinds,
      supervise: true,
      superviseIntervalSeconds: 1,
    });
    await queue.startWorkers();
    const ran = await waitFor(async () => {
      const rows = await listAudit(t.db, { action: 'test.ran' });
      return rows.length > 0 ? rows : undefined;
    }, 30_000);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.detail).toMatchObject({ pid: process.pid });
    expect(Number(ran[0]?.detail?.attempt)).toBeGreaterThan(0);
  });
});
