import { insertSamples } from '../src/metrics/samples/sample-store.ts';
import { readSeries } from '../src/metrics/samples/series-query.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { insertLaunchRow } from '../test/fixtures/launch-row.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const DAYS = 7;
const MINUTES = DAYS * 24 * 60;

/**
 * A 7-day chart at 1-minute resolution: one sample a minute for 7 days (10,080 rollup rows) of
 * one series, then the chart query at a 1-minute step (10,080 points) and at a 15-minute step
 * (672 points), 20 times each.
 */
export async function benchChartQuery(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const from = new Date('2026-12-01T00:00:00Z');
  const { id: launchId } = await insertLaunchRow(store.db, 'chart-bench', from);
  for (let start = 0; start < MINUTES; start += 2_000) {
    const samples = Array.from({ length: Math.min(2_000, MINUTES - start) }, (_, i) => ({
      name: 'p95_response_time',
      labels: { service: 'web' },
      value: 200 + ((start + i) % 97),
      ts: new Date(from.getTime() + (start + i) * 60_000),
    }));
    await insertSamples(store.db, launchId, samples);
  }
  const to = new Date(from.getTime() + MINUTES * 60_000);
  const time = async (stepSeconds: number) => {
    const runs: number[] = [];
    let points = 0;
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const series = await readSeries(store.db, {
        launchId,
        name: 'p95_response_time',
        from,
        to,
        stepSeconds,
      });
      runs.push(performance.now() - started);
      points = series[0]?.points.length ?? 0;
    }
    return { runs, points };
  };
  const minute = await time(60);
  const quarter = await time(900);
  return [
    {
      name: `chart query, 7 days at 1 minute (${minute.points} points)`,
      value: Math.round(median(minute.runs) * 10) / 10,
      unit: 'ms',
      detail: `p95 ${percentile(minute.runs, 95).toFixed(1)} ms over 20 queries`,
    },
    {
      name: `chart query, 7 days at 15 minutes (${quarter.points} points)`,
      value: Math.round(median(quarter.runs) * 10) / 10,
      unit: 'ms',
      detail: `p95 ${percentile(quarter.runs, 95).toFixed(1)} ms over 20 queries`,
    },
  ];
}
