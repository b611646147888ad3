import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { insertLaunchRow } from '../../test/fixtures/launch-row.ts';
import { SimulatedClock } from '../clock/clock.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import { evaluationOffsetMs, type TriggerEngineDeps } from './evaluate-launch.ts';
import type { TriggerEvent } from './trigger-event.ts';
import { defineTriggerEventJob } from './trigger-event-job.ts';
import { evaluateDueTriggers, runTriggerSchedule } from './trigger-scheduler.ts';
import { withTriggerTables } from './trigger-tables.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const MIN = 60_000;
const onlyLaunch001 = {
  triggers: {
    builtin: {
      'LAUNCH-002': { enabled: false },
      'LAUNCH-003': { enabled: false },
      'LAUNCH-004': { enabled: false },
    },
  },
};

/** uptime and error_rate of each launch as functions of the minutes since T0. */
type Curves = Record<string, { uptime: (minute: number) => number; error_rate?: number }>;

function curveReader(curves: Curves): MetricReader {
  return {
    read: async ({ launchId, name, at }) => {
      const curve = curves[launchId];
      if (!curve) return { value: null, reason: 'unknown launch' };
      const minute = (at.getTime() - T0.getTime()) / MIN;
      if (name === 'uptime') return { value: curve.uptime(minute) };
      if (name === 'error_rate') return { value: curve.error_rate ?? 0.5 };
      return { value: null, reason: `no samples of ${name}` };
    },
  };
}

describe('trigger engine on PostgreSQL and a simulated clock', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  const clock = new SimulatedClock(T0);
  const handled: TriggerEvent[] = [];
  const eventJob = defineTriggerEventJob([
    { name: 'recorder', handle: async (event) => void handled.push(event) },
  ]);
  const curves: Curves = {};
  let deps: TriggerEngineDeps;

  const startLaunch = async (venture: string, plan: unknown = onlyLaunch001) => {
    const { id } = await insertLaunchRow(t.db, venture, T0);
    await t.db
      .updateTable('launches')
      .set({ state: 'monitoring', plan: JSON.stringify(plan) })
      .where('id', '=', id)
      .execute();
    return id;
  };
  const endLaunch = (id: string) =>
    t.db.updateTable('launches').set({ state: 'succeeded' }).where('id', '=', id).execute();
  const evaluations = (launchId: string, ruleId: string) =>
    withTriggerTables(t.db)
      .selectFrom('trigger_evaluations')
      .selectAll()
      .where('launch_id', '=', launchId)
      .where('rule_id', '=', ruleId)
      .orderBy('at')
      .execute();

  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds: [eventJob as AnyJobKind] });
    await queue.startWorkers({ concurrency: 4 });
    deps = { db: t.db, clock, queue, reader: curveReader(curves), eventJob };
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  it('fires the rollback rule after 5 minutes of low uptime and resolves after 1 h of health', async () => {
    const id = await startLaunch('outage');
    curves[id] = { uptime: (m) => (m >= 1 && m < 10 ? 80 : 99.9) };
    // Evaluations fall every 30 s on the launch's own grid, starting at T0 + offset.
    const offset = evaluationOffsetMs(id, 30_000);
    const at = (ms: number) => new Date(T0.getTime() + offset + ms).toISOString();
    await runTriggerSchedule(deps, clock, new Date(T0.getTime() + 75 * MIN), {
      afterPass: () => queue.drain(),
    });
    const rows = await evaluations(id, 'LAUNCH-001.rollback_uptime');
    expect(rows[0]?.at.toISOString()).toBe(at(0));
    expect(rows).toHaveLength(Math.floor((75 * MIN - offset) / 30_000) + 1);
    const firing = rows.find((r) => r.state === 'firing');
    expect(firing?.at.toISOString()).toBe(at(6 * MIN));
    expect(firing?.reason).toBe('uptime 80 % < 90 % for 5m0s');
    const events = handled.filter((e) => e.launchId === id);
    expect(events.map((e) => [e.ruleId, e.state, e.at])).toEqual([
      ['LAUNCH-001.rollback_uptime', 'firing', at(6 * MIN)],
      // Healthy (≥ 95 % uptime, < 1 % errors) from T+10m; resolved once that held for 1 h.
      ['LAUNCH-001.rollback_uptime', 'resolved', at(70 * MIN)],
    ]);
    expect(events[0]).toMatchObject({
      id: `${id}:LAUNCH-001.rollback_uptime:${at(6 * MIN)}:firing`,
      triggerId: 'LAUNCH-001',
      level: 'critical',
      severity: 'P0',
      value: 80,
      fireCount: 1,
      firedAt: at(6 * MIN),
    });
    expect(events[1]?.firedAt).toBe(at(6 * MIN));
    const state = await withTriggerTables(t.db)
      .selectFrom('trigger_rule_states')
      .selectAll()
      .where('launch_id', '=', id)
      .where('rule_id', '=', 'LAUNCH-001.rollback_uptime')
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({ state: 'inactive', fire_count: 1, cumulative_breaches: 18 });
    await endLaunch(id);
  });

  it('keeps a pending timer across a restart (state is read back from the database)', async () => {
    const id = await startLaunch('restart');
    curves[id] = { uptime: () => 70 };
    const start = clock.now().getTime();
    await runTriggerSchedule(deps, clock, new Date(start + 2 * MIN));
    // A new process: new reader, new deps, nothing in memory.
    const restarted = { ...deps, reader: curveReader({ [id]: { uptime: () => 70 } }) };
    const passes = await runTriggerSchedule(restarted, clock, new Date(start + 7 * MIN));
    const fired = passes.flatMap((p) => p.events).filter((e) => e.launchId === id);
    expect(fired.map((e) => e.ruleId)).toEqual(['LAUNCH-001.rollback_uptime']);
    const rows = await evaluations(id, 'LAUNCH-001.rollback_uptime');
    const first = rows[0]?.at.getTime() ?? 0;
    expect(first - start).toBeLessThan(30_000);
    expect(rows.filter((r) => r.state === 'pending')).toHaveLength(10);
    expect(rows.find((r) => r.state === 'firing')?.at.getTime()).toBe(first + 5 * MIN);
    await endLaunch(id);
  });

  it('records no data with its reason when the reader throws, and never fires a rollback', async () => {
    const id = await startLaunch('broken-source');
    const broken: MetricReader = {
      read: async () => {
        throw new Error('connection refused');
      },
    };
    const until = new Date(clock.now().getTime() + 15 * MIN);
    const passes = await runTriggerSchedule({ ...deps, reader: broken }, clock, until);
    expect(passes.flatMap((p) => p.events).filter((e) => e.launchId === id)).toEqual([]);
    const rows = await evaluations(id, 'LAUNCH-001.rollback_uptime');
    expect(rows.length).toBeGreaterThan(25);
    expect(new Set(rows.map((r) => `${r.result}/${r.state}/${r.reason}`))).toEqual(
      new Set(['no_data/inactive/no data for uptime: reader failed: connection refused']),
    );
    await endLaunch(id);
  });

  it('evaluates a launch once when two schedulers run the same pass at once', async () => {
    const id = await startLaunch('two-workers');
    curves[id] = { uptime: () => 50 };
    await evaluateDueTriggers(deps);
    clock.set(new Date(clock.now().getTime() + evaluationOffsetMs(id, 30_000) + 30_000));
    const passes = await Promise.all([evaluateDueTriggers(deps), evaluateDueTriggers(deps)]);
    expect(await evaluations(id, 'LAUNCH-001.rollback_uptime')).toHaveLength(1);
    expect(passes.reduce((n, pass) => n + pass.failures.length, 0)).toBe(0);
    await endLaunch(id);
  });

  it('reports a launch whose plan has a malformed rule and evaluates the others', async () => {
    const bad = await startLaunch('bad-rule', {
      triggers: {
        ...onlyLaunch001.triggers,
        rules: [{ id: 'x', expr: 'uptime ~ 3', severity: 'P2' }],
      },
    });
    const good = await startLaunch('good-rule');
    curves[good] = { uptime: () => 99 };
    const pass = await evaluateDueTriggers(deps);
    expect(pass.failures.map((f) => [f.launchId, (f.error as Error).message])).toEqual([
      [bad, expect.stringContaining("invalid rule expression 'uptime ~ 3'")],
    ]);
    const goodStates = await withTriggerTables(t.db)
      .selectFrom('trigger_rule_states')
      .select('rule_id')
      .where('launch_id', '=', good)
      .execute();
    expect(goodStates).toHaveLength(4);
    await endLaunch(bad);
    await endLaunch(good);
  });

  it('reads each metric once per launch tick, however many rules use it', async () => {
    const id = await startLaunch('read-once');
    curves[id] = { uptime: () => 99.9 };
    const reads: string[] = [];
    const counting: MetricReader = {
      read: async (query) => {
        if (query.launchId === id)
          reads.push(`${query.name}@${query.at.toISOString()}@${query.windowMs ?? ''}`);
        return curveReader(curves).read(query);
      },
    };
    await evaluateDueTriggers({ ...deps, reader: counting }); // stores the rules' first due times
    clock.advance(2 * MIN);
    await evaluateDueTriggers({ ...deps, reader: counting });
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads).size).toBe(reads.length);
    await endLaunch(id);
  });
});
