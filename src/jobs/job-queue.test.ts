import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { auditJob, flakyJob } from '../../test/fixtures/audit-job.ts';
import { listAudit } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import type { AnyJobKind } from './job-kind.ts';
import { JobQueue } from './job-queue.ts';

describe('JobQueue', () => {
  let t: TestDatabase;
  let queue: JobQueue;

  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await JobQueue.open({
      url: t.url,
      db: t.db,
      clock: systemClock,
      kinds: [auditJob, flakyJob as AnyJobKind],
    });
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  it('enqueues in the caller transaction: a rollback leaves no job, a commit runs it', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await queue.enqueue(trx, auditJob, { label: 'rolled-back' });
        throw new Error('abort the transaction');
      }),
    ).rejects.toThrow('abort the transaction');
    expect(await queue.pendingCount()).toBe(0);

    await t.db.transaction().execute((trx) => queue.enqueue(trx, auditJob, { label: 'committed' }));
    expect(await queue.pendingCount()).toBe(1);
    await queue.startWorkers();
    await queue.drain();
    const ran = (await listAudit(t.db, { action: 'test.ran' })).map((e) => e.subject_id);
    expect(ran).toEqual(['committed']);
  });

  it('rejects a payload that does not match the job schema', async () => {
    await expect(queue.enqueue(t.db, auditJob, { label: 42 } as never)).rejects.toThrow();
  });

  it('retries a failed job on its own; the others in its batch complete once', async () => {
    await t.db.transaction().execute(async (trx) => {
      for (const label of ['a', 'b', 'c', 'd']) {
        await queue.enqueue(trx, flakyJob, { label, failFirst: label === 'b' });
      }
    });
    await queue.drain({ timeoutMs: 20_000 });
    const attempts = (await listAudit(t.db, { action: 'test.attempt' }))
      .map((e) => `${e.subject_id}${(e.detail as { attempt: number }).attempt}`)
      .sort();
    expect(attempts).toEqual(['a0', 'b0', 'b1', 'c0', 'd0']);
    expect(await queue.failedJobs()).toEqual([]);
  });
});
