import { createAlertRouter } from '../src/alerts/alert-router.ts';
import { alertPlan, triggerEvent } from '../src/alerts/testing/alert-fixtures.ts';
import { systemClock } from '../src/clock/clock.ts';
import { jsonReply, startFakeVendor } from '../src/connectors/testing/fake-vendor.ts';
import { createPrometheusClient } from '../src/metrics/sources/prometheus/prometheus-client.ts';
import { prometheusMetricReader } from '../src/metrics/sources/prometheus/prometheus-reader.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const events = 300;
const reads = 1000;

/**
 * Alert fan-out: 300 critical trigger events, each to Slack and PagerDuty faked on 127.0.0.1,
 * every send through the delivery ledger (PostgreSQL); and Prometheus-source reads against a
 * local fake answering an instant vector.
 */
export async function benchAlerts(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const slack = await startFakeVendor({ status: 200, body: 'ok' });
  const pagerDuty = await startFakeVendor(jsonReply(202, { status: 'success' }));
  const prometheus = await startFakeVendor(
    jsonReply(200, {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [1, '99.5'] }] },
    }),
  );
  try {
    const plan = alertPlan([
      { id: 'slack', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } },
      {
        id: 'pagerduty',
        kind: 'paging',
        vendor: 'pagerduty',
        config: { routing_key_env: 'PD_KEY', events_url: `${pagerDuty.url}/v2/enqueue` },
      },
    ]);
    await store.db
      .insertInto('ventures')
      .values({ id: 'acme', name: 'Acme Analytics' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const { id: launchId } = await store.db
      .insertInto('launches')
      .values({
        venture_id: 'acme',
        state: 'monitoring',
        preset: 'b2b_saas_launch',
        t0: new Date(),
        plan: JSON.stringify(plan),
        plan_yaml: '',
        plan_sha256: '',
        created_by: 'bench',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const router = createAlertRouter({
      env: { SLACK_URL: `${slack.url}/services/T/B/X`, PD_KEY: 'k'.repeat(32) },
    });
    const perEvent: number[] = [];
    const started = performance.now();
    for (let index = 0; index < events; index += 1) {
      const firedAt = new Date(Date.UTC(2026, 11, 1, 10, 0, index)).toISOString();
      const event = triggerEvent({ launchId, firedAt, at: firedAt, id: `${launchId}:${firedAt}` });
      const begin = performance.now();
      await router.handle(event, { db: store.db, clock: systemClock });
      perEvent.push(performance.now() - begin);
    }
    const seconds = (performance.now() - started) / 1000;

    const reader = prometheusMetricReader(createPrometheusClient({ baseUrl: prometheus.url }), {
      uptime: '100 * avg_over_time(up[$window])',
    });
    const readTimes: number[] = [];
    for (let index = 0; index < reads; index += 1) {
      const begin = performance.now();
      await reader.read({ launchId, name: 'uptime', at: new Date() });
      readTimes.push(performance.now() - begin);
    }
    return [
      {
        name: 'alert fan-out (Slack + PagerDuty, ledgered)',
        value: Math.round((events * 2) / seconds),
        unit: 'deliveries/s',
        detail: `${events} critical events; per event median ${median(perEvent).toFixed(1)} ms, p95 ${percentile(perEvent, 95).toFixed(1)} ms`,
      },
      {
        name: 'Prometheus source read (local HTTP)',
        value: Number(median(readTimes).toFixed(2)),
        unit: 'ms median',
        detail: `${reads} instant queries; p95 ${percentile(readTimes, 95).toFixed(2)} ms`,
      },
    ];
  } finally {
    await Promise.all([slack.close(), pagerDuty.close(), prometheus.close()]);
  }
}
