/**
 * Benchmark: sends through the delivery ledger — 2,000 `deliverOnce` calls (claim, HTTP POST to
 * a local fake vendor, commit), 8 at a time.
 */
import { systemClock } from '../src/clock/clock.ts';
import { startFakeVendor } from '../src/connectors/testing/fake-vendor.ts';
import { deliverOnce } from '../src/deliveries/delivery-ledger.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const sends = 2_000;
const concurrency = 8;

/**
 * Sends per second through the ledger, and the latency of one send.
 *
 * @example
 * const [rate] = await benchLedgerSends(store); // { name: 'sends through the delivery ledger…', value: 900, unit: 'sends/s' }
 */
export async function benchLedgerSends(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const vendor = await startFakeVendor({ status: 202 });
  const run = `bench-${Date.now()}`;
  const latencies: number[] = [];
  try {
    let next = 0;
    const sendOne = async (i: number) => {
      const key = `${run}:${i}`;
      const body = JSON.stringify({ key, text: 'launch news' });
      const started = performance.now();
      const outcome = await deliverOnce(
        store.db,
        systemClock,
        { key, channel: 'email', request: { key } },
        async () => {
          const answer = await fetch(`${vendor.url}/send`, { method: 'POST', body });
          return { http_status: answer.status };
        },
      );
      if (!outcome.sentNow) throw new Error(`send ${key} was not sent (${outcome.state})`);
      latencies.push(performance.now() - started);
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < sends; i = next++) await sendOne(i);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (vendor.received.length !== sends) throw new Error('the vendor missed sends');
    return [
      {
        name: `sends through the delivery ledger (deliverOnce, ${concurrency} at a time)`,
        value: Math.round(sends / seconds),
        unit: 'sends/s',
        detail: `${sends.toLocaleString('en')} sends to a local fake vendor; per send p50 ${median(latencies).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
      },
    ];
  } finally {
    await vendor.close();
  }
}
