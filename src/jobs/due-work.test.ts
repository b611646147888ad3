import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { auditJob } from '../../test/fixtures/audit-job.ts';
import { insertLaunchRow } from '../../test/fixtures/launch-row.ts';
import { listAudit } from '../audit/audit-log.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { cancelScheduledWork, nextDueAt, releaseDueWork, scheduleWork } from './due-work.ts';
import { runSchedule } from './due-work-controller.ts';
import type { AnyJobKind } from './job-kind.ts';
import { JobQueue } from './job-queue.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const HOUR = 3_600_000;
const kinds = [auditJob as AnyJobKind];

describe('due work on a simulated clock', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  const clock = new SimulatedClock(new Date(T0.getTime() - 2 * HOUR));

  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds });
    await queue.startWorkers({ concurrency: 8 });
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  it('keeps the first of two schedules with the same key', async () => {
    const work = { kind: auditJob, data: { label: 'once' }, dueAt: T0, dedupKey: 'dup' };
    expect(await scheduleWork(t.db, clock, work)).toBe(true);
    expect(await scheduleWork(t.db, clock, { ...work, data: { label: 'twice' } })).toBe(false);
    await t.db.deleteFrom('scheduled_work').execute();
  });

  it('releases nothing before its due time', async () => {
    await scheduleWork(t.db, clock, {
      kind: auditJob,
      data: { label: 'later' },
      dueAt: T0,
      dedupKey: 'later',
    });
    const byName = new Map(kinds.map((k) => [k.name, k]));
    expect(await releaseDueWork(t.db, queue, clock, byName)).toBe(0);
    expect(await nextDueAt(t.db)).toEqual(T0);
    await t.db.deleteFrom('scheduled_work').execute();
  });

  it('releases only the given launch when scoped', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const row = await insertLaunchRow(t.db, 'scoped', T0);
      ids.push(row.id);
      await scheduleWork(t.db, clock, {
        kind: auditJob,
        data: { label: `scoped-${i}` },
        dueAt: clock.now(),
        dedupKey: `scoped-${i}`,
        launchId: row.id,
      });
    }
    const byName = new Map(kinds.map((k) => [k.name, k]));
    expect(await releaseDueWork(t.db, queue, clock, byName, { launchId: ids[0] ?? '' })).toBe(1);
    const left = await t.db
      .selectFrom('scheduled_work')
      .select('launch_id')
      .where('released_at', 'is', null)
      .execute();
    expect(left.map((r) => r.launch_id)).toEqual([ids[1]]);
    await queue.drain();
    await t.db.deleteFrom('scheduled_work').execute();
    await t.db.deleteFrom('audit_log').execute();
  });

  it('replays a 7-day hourly schedule, each job seeing its own due time', async () => {
    const launch = await insertLaunchRow(t.db, 'acme', T0);
    await t.db.transaction().execute(async (trx) => {
      for (let hour = 0; hour <= 7 * 24; hour++) {
        await scheduleWork(trx, clock, {
          kind: auditJob,
          data: { label: `h${hour}` },
          dueAt: new Date(T0.getTime() + hour * HOUR),
          dedupKey: `report:${hour}`,
          launchId: launch.id,
        });
      }
      // one item that is cancelled must never run
      await scheduleWork(trx, clock, {
        kind: auditJob,
        data: { label: 'cancelled' },
        dueAt: new Date(T0.getTime() + 3 * HOUR),
        dedupKey: 'cancel-me',
        launchId: null,
      });
    });
    await t.db
      .updateTable('scheduled_work')
      .set({ cancelled_at: clock.now() })
      .where('dedup_key', '=', 'cancel-me')
      .execute();

    const steps = await runSchedule(
      { db: t.db, queue, kinds },
      clock,
      new Date(T0.getTime() + 7 * 24 * HOUR),
    );

    expect(steps).toHaveLength(7 * 24 + 1);
    expect(clock.now()).toEqual(new Date(T0.getTime() + 7 * 24 * HOUR));
    const entries = await listAudit(t.db, { action: 'test.ran', limit: 1000 });
    expect(entries).toHaveLength(7 * 24 + 1);
    for (const entry of entries) {
      const hour = Number(entry.subject_id.slice(1));
      expect(new Date(entry.at)).toEqual(new Date(T0.getTime() + hour * HOUR));
    }
    expect(entries.some((e) => e.subject_id === 'cancelled')).toBe(false);
    expect(await queue.failedJobs()).toEqual([]);
    expect(await cancelScheduledWork(t.db, clock, launch.id)).toBe(0);
  });
});
