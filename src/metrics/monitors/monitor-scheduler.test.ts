import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { SimulatedClock, systemClock } from '../../clock/clock.ts';
import { MonitorScheduler, startMonitorScheduler } from './monitor-scheduler.ts';
import type { MonitorSpec, ProbeOutcome } from './monitor-spec.ts';
import { nextMonitorState } from './monitor-status.ts';
import { listProbeResults, loadMonitorStates, stateKey } from './monitor-store.ts';
import { runProbe } from './probe.ts';
import { insertLaunchWithMonitors } from './testing/launch-with-monitors.ts';
import { type RunningTarget, startHttpTarget } from './testing/probe-targets.ts';

const start = new Date('2026-12-01T10:00:00Z');
const second = 1000;
const minute = 60 * second;
const endOfTime = new Date(8.64e15);
const later = (clock: SimulatedClock, ms: number) => new Date(clock.now().getTime() + ms);

const httpMonitor = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http',
  url: `https://${id}.acme.example/`,
  ...extra,
});

/** A probe that records who was probed when, and answers `up`. */
function recordingProbe(clock: SimulatedClock) {
  const calls: { monitorId: string; at: number }[] = [];
  const probe = async (spec: MonitorSpec): Promise<ProbeOutcome> => {
    calls.push({ monitorId: spec.monitorId, at: clock.now().getTime() });
    return { ok: true, latencyMs: 5 };
  };
  return { calls, probe };
}

describe('monitor status', () => {
  const failed: ProbeOutcome = { ok: false, reason: 'timeout', message: 'x', latencyMs: null };
  const ok: ProbeOutcome = { ok: true, latencyMs: 1 };

  it('is pending while retries are left, down after them, up on any success', () => {
    const times = [0, 1, 2, 3].map((n) => new Date(start.getTime() + n * minute));
    const [t0, t1, t2, t3] = times as [Date, Date, Date, Date];
    const first = nextMonitorState(undefined, failed, { retries: 2, at: t0 });
    const second = nextMonitorState(first, failed, { retries: 2, at: t1 });
    const third = nextMonitorState(second, failed, { retries: 2, at: t2 });
    const back = nextMonitorState(third, ok, { retries: 2, at: t3 });
    expect([first, second, third, back]).toEqual([
      { status: 'pending', consecutiveFailures: 1, since: t0 },
      { status: 'pending', consecutiveFailures: 2, since: t0 },
      { status: 'down', consecutiveFailures: 3, since: t2 },
      { status: 'up', consecutiveFailures: 0, since: t3 },
    ]);
    expect(nextMonitorState(undefined, failed, { retries: 0, at: t0 }).status).toBe('down');
  });
});

describe('monitor scheduler', () => {
  let t: TestDatabase;
  let flaky: RunningTarget;
  let flakyStatuses: number[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    flaky = await startHttpTarget((_req, res) => {
      res.statusCode = flakyStatuses.shift() ?? 200;
      res.end('ok');
    });
  });
  // Each test's launches end with it, so the next test's scheduler sees only its own.
  afterEach(async () => {
    await t.db.updateTable('launches').set({ state: 'succeeded' }).execute();
  });
  afterAll(async () => {
    await flaky.close();
    await t.drop();
  });

  it('spreads the first runs of many monitors over their interval (jitter)', async () => {
    const clock = new SimulatedClock(start);
    const monitors = Array.from({ length: 600 }, (_, i) =>
      httpMonitor(`m${i}`, { interval: '30s' }),
    );
    const launchId = await insertLaunchWithMonitors(t.db, { t0: start, monitors });
    const scheduler = new MonitorScheduler({ db: t.db, clock });
    await scheduler.refresh(clock.now());
    const offsets = monitors.map(
      (m) => (scheduler.dueAtOf(launchId, m.id)?.getTime() ?? Number.NaN) - start.getTime(),
    );
    expect(offsets.every((offset) => offset >= 0 && offset < 30 * second)).toBe(true);
    const perFiveSeconds = [0, 1, 2, 3, 4, 5].map(
      (bucket) => offsets.filter((o) => Math.floor(o / (5 * second)) === bucket).length,
    );
    for (const count of perFiveSeconds) expect(count).toBeGreaterThan(60); // 100 if even
    expect(new Set(offsets).size).toBeGreaterThan(550);
  });

  it('probes each monitor once per interval on a simulated clock', async () => {
    const clock = new SimulatedClock(start);
    const launchId = await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: [httpMonitor('fast', { interval: '10s', timeout: '5s' }), httpMonitor('slow')],
    });
    const { calls, probe } = recordingProbe(clock);
    const scheduler = new MonitorScheduler({ db: t.db, clock, probe });
    await scheduler.runUntil(clock, later(clock, 10 * minute));
    const timesOf = (id: string) => calls.filter((c) => c.monitorId === id).map((c) => c.at);
    const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] ?? 0));
    const fast = timesOf('fast');
    const slow = timesOf('slow');
    expect(fast.length).toBeGreaterThanOrEqual(59);
    expect(new Set(gaps(fast))).toEqual(new Set([10 * second]));
    expect(slow.length).toBeGreaterThanOrEqual(9);
    expect(new Set(gaps(slow))).toEqual(new Set([minute]));
    const stored = await listProbeResults(t.db, {
      launchId,
      monitorId: 'fast',
      from: start,
      to: clock.now(),
    });
    expect(stored.map((r) => r.at.getTime())).toEqual(fast);
  });

  it('stops at run_until and when the launch leaves the active states', async () => {
    const clock = new SimulatedClock(start);
    await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: [httpMonitor('short', { interval: '10s', timeout: '5s', run_until: 'T+2m' })],
    });
    const other = await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: [httpMonitor('cancelled', { interval: '10s', timeout: '5s' })],
    });
    const { calls, probe } = recordingProbe(clock);
    const scheduler = new MonitorScheduler({ db: t.db, clock, probe, refreshMs: minute });
    await scheduler.runUntil(clock, later(clock, 3 * minute));
    await t.db.updateTable('launches').set({ state: 'aborted' }).where('id', '=', other).execute();
    await scheduler.runUntil(clock, later(clock, 5 * minute));
    const short = calls.filter((c) => c.monitorId === 'short');
    expect(short.length).toBeGreaterThan(10);
    expect(Math.max(...short.map((c) => c.at))).toBeLessThan(start.getTime() + 2 * minute);
    const cancelled = calls.filter((c) => c.monitorId === 'cancelled').map((c) => c.at);
    // re-read within a minute of the cancellation (at 10:03), nothing after that
    expect(Math.max(...cancelled)).toBeLessThan(start.getTime() + 4 * minute);
    expect(scheduler.size).toBe(0);
  });

  it('keeps at most `concurrency` probes running', async () => {
    const clock = new SimulatedClock(start);
    await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: Array.from({ length: 40 }, (_, i) =>
        httpMonitor(`c${i}`, { interval: '10s', timeout: '5s' }),
      ),
    });
    let running = 0;
    let most = 0;
    let total = 0;
    const probe = async (): Promise<ProbeOutcome> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      total++;
      return { ok: true, latencyMs: 2 };
    };
    const scheduler = new MonitorScheduler({ db: t.db, clock, probe, concurrency: 3 });
    await scheduler.refresh(clock.now());
    const ran = await scheduler.runDue(later(clock, 10 * second));
    expect(ran).toBeGreaterThanOrEqual(40);
    expect(total).toBe(ran);
    expect(most).toBe(3);
  });

  it('goes pending, then down after its retries, then up — stored and resumed after a restart', async () => {
    const clock = new SimulatedClock(start);
    const launchId = await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: [
        {
          id: 'flaky',
          type: 'http',
          url: `${flaky.origin}/health`,
          interval: '10s',
          timeout: '5s',
          retries: 2,
        },
      ],
    });
    const run = async (scheduler: MonitorScheduler) => {
      const next = scheduler.nextDueAt() ?? clock.now();
      clock.set(next);
      await scheduler.runDue(clock.now());
    };
    const first = new MonitorScheduler({ db: t.db, clock });
    await first.refresh(clock.now());
    flakyStatuses = [200, 502, 502];
    for (let i = 0; i < 3; i++) await run(first);
    const key = stateKey(launchId, 'flaky');
    expect((await loadMonitorStates(t.db, [launchId])).get(key)).toMatchObject({
      status: 'pending',
      consecutiveFailures: 2,
    });

    const restarted = new MonitorScheduler({ db: t.db, clock });
    await restarted.refresh(clock.now());
    flakyStatuses = [502, 200];
    for (let i = 0; i < 2; i++) await run(restarted);

    const results = await listProbeResults(t.db, { launchId, from: start, to: later(clock, 1) });
    expect(results.map((r) => [r.status, r.reason, r.message])).toEqual([
      ['up', null, null],
      ['pending', 'status', 'HTTP 502, expected 200'],
      ['pending', 'status', 'HTTP 502, expected 200'],
      ['down', 'status', 'HTTP 502, expected 200'],
      ['up', null, null],
    ]);
    expect(results.every((r) => (r.latencyMs ?? -1) >= 0)).toBe(true);
    expect((await loadMonitorStates(t.db, [launchId])).get(key)).toEqual({
      status: 'up',
      consecutiveFailures: 0,
      since: results[4]?.at,
    });
  });

  it('skips a launch whose stored monitors no longer validate and says why', async () => {
    const clock = new SimulatedClock(start);
    const launchId = await insertLaunchWithMonitors(t.db, {
      t0: start,
      monitors: [httpMonitor('bad', { interval: '10s', timeout: '10s' })],
    });
    const errors: unknown[] = [];
    const scheduler = new MonitorScheduler({ db: t.db, clock, onError: (e) => errors.push(e) });
    await scheduler.refresh(clock.now());
    expect(scheduler.size).toBe(0);
    expect(String(errors[0])).toContain(`launch ${launchId}: monitors skipped`);
  });

  it('runs in real time from startMonitorScheduler, on one worker of two, and stops cleanly', async () => {
    const launchId = await insertLaunchWithMonitors(t.db, {
      t0: systemClock.now(),
      monitors: [
        { id: 'live', type: 'http', url: `${flaky.origin}/`, interval: '5s', timeout: '2s' },
      ],
    });
    const probes = [0, 0];
    const worker = (index: 0 | 1) =>
      startMonitorScheduler({
        db: t.db,
        clock: systemClock,
        tickMs: 50,
        probe: (spec) => {
          probes[index] = (probes[index] ?? 0) + 1;
          return runProbe(spec.target, { timeoutMs: spec.timeoutMs });
        },
      });
    const workers = [worker(0), worker(1)];
    const stored = async () =>
      listProbeResults(t.db, { launchId, from: new Date(0), to: endOfTime });
    try {
      await expect
        .poll(async () => (await stored()).length, { timeout: 15_000, interval: 200 })
        .toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect((await stored())[0]).toMatchObject({ monitorId: 'live', status: 'up', reason: null });
    expect(probes.filter((count) => count > 0)).toHaveLength(1);
  });
});
