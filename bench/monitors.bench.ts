import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { systemClock } from '../src/clock/clock.ts';
import { startMonitorScheduler } from '../src/metrics/monitors/monitor-scheduler.ts';
import { listProbeResults } from '../src/metrics/monitors/monitor-store.ts';
import { insertLaunchWithMonitors } from '../src/metrics/monitors/testing/launch-with-monitors.ts';
import { p95LatencyMs } from '../src/metrics/monitors/uptime.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import type { BenchResult } from './measure.ts';

const monitorCount = 5000;
const intervalSeconds = 30;

/** The probed server runs in its own process, so its CPU is not counted as the prober's. */
const targetServerSource = `
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('status: ok ' + req.url);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startTargetServer(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', targetServerSource], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [data] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { port: Number(data.toString().trim()), child };
}

/**
 * 5,000 HTTP monitors (keyword check, 30 s interval) against a local server for
 * `LAUNCHCREW_BENCH_MONITOR_SECONDS` (default 75) seconds, through the real scheduler, probes and
 * PostgreSQL writes. Reports the CPU of this (the probing) process in cores: target ≤ 1.
 */
export async function benchMonitors(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const seconds = Number(process.env.LAUNCHCREW_BENCH_MONITOR_SECONDS ?? 75);
  const target = await startTargetServer();
  const launchId = await insertLaunchWithMonitors(store.db, {
    t0: systemClock.now(),
    monitors: Array.from({ length: monitorCount }, (_, i) => ({
      id: `m${i}`,
      type: 'http',
      url: `http://127.0.0.1:${target.port}/health/${i}`,
      keyword: 'status: ok',
      interval: `${intervalSeconds}s`,
      timeout: '10s',
    })),
  });
  const errors: unknown[] = [];
  const startedAt = systemClock.now();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const monitors = startMonitorScheduler({
    db: store.db,
    clock: systemClock,
    onError: (error) => errors.push(error),
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  } finally {
    await monitors.stop();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  target.child.kill();
  const window = { launchId, from: startedAt, to: systemClock.now() };
  const results = await listProbeResults(store.db, window);
  if (results.length === 0) {
    throw new Error('no probe ran: is another LaunchCrew worker holding the monitor lease?');
  }
  const failed = results.filter((r) => r.status !== 'up').length;
  const latency = await p95LatencyMs(store.db, window);
  await store.db.deleteFrom('launches').where('id', '=', launchId).execute();
  const cores = (cpu.user + cpu.system) / 1000 / wallMs;
  return [
    {
      name: `monitors: CPU of the prober (${monitorCount.toLocaleString('en')} HTTP monitors every ${intervalSeconds} s, ${seconds} s)`,
      value: Math.round(cores * 1000) / 1000,
      unit: 'cores',
      detail: `target ≤ 1 core; ${results.length} probes stored (${Math.round(results.length / (wallMs / 1000))}/s), ${failed} not up, ${errors.length} scheduler errors, p95 latency ${latency.value ?? '–'} ms, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
    },
  ];
}
