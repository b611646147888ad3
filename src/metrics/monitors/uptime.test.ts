import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import type { ProbeOutcome } from './monitor-spec.ts';
import type { MonitorStatus } from './monitor-status.ts';
import { listProbeResults, recordProbeResults } from './monitor-store.ts';
import { probeMetricReader } from './probe-metric-reader.ts';
import { insertLaunchWithMonitors } from './testing/launch-with-monitors.ts';
import { p95LatencyMs, uptimePercent } from './uptime.ts';

const start = new Date('2026-12-01T10:00:00Z');
const minute = 60_000;
const at = (minutes: number) => new Date(start.getTime() + minutes * minute);
const step = 30_000;

/** Stores one probe every 30 s from `from` (minutes after 10:00) for `count` probes. */
async function writeSeries(
  db: TestDatabase['db'],
  launchId: string,
  monitorId: string,
  from: number,
  statuses: MonitorStatus[],
  latency: (index: number) => number | null = () => 20,
): Promise<void> {
  await recordProbeResults(
    db,
    statuses.map((status, index) => {
      const probeAt = new Date(at(from).getTime() + index * step);
      const latencyMs = latency(index);
      const outcome: ProbeOutcome =
        status === 'up'
          ? { ok: true, latencyMs: latencyMs ?? 0 }
          : { ok: false, reason: 'status', message: 'HTTP 502, expected 200', latencyMs };
      return {
        launchId,
        monitorId,
        at: probeAt,
        intervalMs: step,
        outcome,
        state: { status, consecutiveFailures: status === 'up' ? 0 : 1, since: probeAt },
      };
    }),
  );
}

/** 120 statuses (60 minutes at 30 s) that are `up` except those at the given indexes. */
function hour(failing: Record<number, MonitorStatus>): MonitorStatus[] {
  return Array.from({ length: 120 }, (_, index) => failing[index] ?? 'up');
}

const downFrom = (first: number, count: number, status: MonitorStatus = 'down') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [first + i, status]));

describe('uptime from probe results (SPEC §5)', () => {
  let t: TestDatabase;
  const launch = async () => insertLaunchWithMonitors(t.db, { t0: start, monitors: [] });

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('a 3-minute outage in a 60-minute window is 95 %', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour(downFrom(40, 6))); // 10:20:00–10:23:00
    expect(await uptimePercent(t.db, { launchId, from: at(0), to: at(60) })).toEqual({
      value: 95,
      operationalMinutes: 57,
      minutes: 60,
    });
  });

  it('an outage off the minute grid costs every minute it touches', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour(downFrom(41, 6))); // 10:20:30–10:23:30
    const uptime = await uptimePercent(t.db, { launchId, from: at(0), to: at(60) });
    expect(uptime).toMatchObject({ operationalMinutes: 56, minutes: 60 });
  });

  it('counts pending (an unconfirmed failure) as operational', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour(downFrom(40, 6, 'pending')));
    expect(await uptimePercent(t.db, { launchId, from: at(0), to: at(60) })).toMatchObject({
      value: 100,
      minutes: 60,
    });
  });

  it('leaves the minutes before the first probe out of the window', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 30, hour({}).slice(0, 60));
    expect(await uptimePercent(t.db, { launchId, from: at(0), to: at(60) })).toEqual({
      value: 100,
      operationalMinutes: 30,
      minutes: 30,
    });
  });

  it('leaves out minutes without probes (scheduler down); a status holds two intervals', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour({}).slice(0, 40)); // last at 10:19:30
    await writeSeries(t.db, launchId, 'home', 40, ['down', 'down', ...hour({}).slice(0, 38)]);
    // 10:00–10:20 (the 10:19:30 status holds until 10:20:30) and 10:40–10:59: 21 + 20 minutes.
    expect(await uptimePercent(t.db, { launchId, from: at(0), to: at(60) })).toEqual({
      value: (40 / 41) * 100,
      operationalMinutes: 40,
      minutes: 41,
    });
  });

  it('carries the status of a probe just before the window into it', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', -0.25, ['down', 'up']); // 09:59:45 down, 10:00:15 up
    const uptime = await uptimePercent(t.db, { launchId, from: at(0), to: at(1) });
    expect(uptime).toMatchObject({ operationalMinutes: 0, minutes: 1 });
  });

  it('is down in a minute when any monitor of the launch is down; monitorId narrows it', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour(downFrom(20, 6)));
    await writeSeries(t.db, launchId, 'api', 0, hour(downFrom(60, 4)));
    const window = { launchId, from: at(0), to: at(60) };
    expect(await uptimePercent(t.db, window)).toMatchObject({ operationalMinutes: 55 });
    expect(await uptimePercent(t.db, { ...window, monitorId: 'api' })).toMatchObject({
      operationalMinutes: 58,
      minutes: 60,
    });
  });

  it('has no value without probe results', async () => {
    const launchId = await launch();
    expect(await uptimePercent(t.db, { launchId, from: at(0), to: at(60) })).toEqual({
      value: null,
      operationalMinutes: 0,
      minutes: 0,
    });
  });

  it('p95 latency is the nearest-rank 95th percentile of answered probes', async () => {
    const launchId = await launch();
    const statuses = hour(downFrom(100, 10)).slice(0, 110);
    // latencies 1…100 ms, then 10 probes with no answer (timeouts) that must not count
    await writeSeries(t.db, launchId, 'home', 0, statuses, (i) => (i < 100 ? i + 1 : null));
    expect(await p95LatencyMs(t.db, { launchId, from: at(0), to: at(60) })).toEqual({
      value: 95,
      samples: 100,
    });
  });

  it('stores and reads back every field of a probe result', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, ['up', 'down'], (i) => (i === 0 ? 12.4 : null));
    expect(await listProbeResults(t.db, { launchId, from: at(0), to: at(1) })).toEqual([
      { monitorId: 'home', at: at(0), status: 'up', latencyMs: 12, reason: null, message: null },
      {
        monitorId: 'home',
        at: at(0.5),
        status: 'down',
        latencyMs: null,
        reason: 'status',
        message: 'HTTP 502, expected 200',
      },
    ]);
  });

  it('answers uptime and p95_response_time as a MetricReader, no data otherwise', async () => {
    const launchId = await launch();
    await writeSeries(t.db, launchId, 'home', 0, hour(downFrom(40, 6)), () => 80);
    const reader = probeMetricReader(t.db);
    const query = { launchId, at: at(60), windowMs: 60 * minute };
    expect(await reader.read({ ...query, name: 'uptime' })).toEqual({ value: 95 });
    expect(await reader.read({ ...query, name: 'p95_response_time' })).toEqual({ value: 80 });
    expect(await reader.read({ ...query, name: 'uptime', labels: { monitor: 'other' } })).toEqual({
      value: null,
      reason: "no probe results for monitor 'other' in the window",
    });
    const errorRate = await reader.read({ ...query, name: 'error_rate' });
    expect(errorRate.value).toBeNull();
    expect(errorRate.reason).toContain('error_rate');
  });
});
