import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { startTestPrometheus, type TestPrometheus } from '../testing/prometheus-server.ts';
import { createPrometheusClient, type PrometheusData } from './prometheus-client.ts';
import { prometheusMetricReader } from './prometheus-reader.ts';

const exposition = [
  '# TYPE launch_requests_total counter',
  'launch_requests_total{code="200"} 95',
  'launch_requests_total{code="500"} 5',
  '',
].join('\n');

const queries = {
  uptime: '100 * avg_over_time(up{job="venture"}[$window])',
  error_rate:
    '100 * sum(launch_requests_total{code=~"5.."}) / sum(launch_requests_total{job="venture"})',
  new_users: 'launch_requests_total',
  nps: 'up{job="absent"}',
  support_backlog: 'sum(rate(launch_requests_total[',
};

function pointsOf(data: PrometheusData): number {
  return data.resultType === 'matrix' ? (data.result[0]?.values.length ?? 0) : 0;
}

const fast = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 300 };

describe('Prometheus source against a real Prometheus', () => {
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    prometheus = await startTestPrometheus(exposition);
  });
  afterAll(() => prometheus.stop());

  const reader = () =>
    prometheusMetricReader(createPrometheusClient({ baseUrl: prometheus.url }), queries);
  const read = (name: string) =>
    reader().read({ launchId: 'l1', name, at: new Date(), windowMs: 60_000 });

  it("evaluates a metric's PromQL as an instant query, with $window as the lookback", async () => {
    expect(await read('uptime')).toEqual({ value: 100 });
    expect(await read('error_rate')).toEqual({ value: 5 });
  });

  it('runs range queries and returns the matrix', async () => {
    const client = createPrometheusClient({ baseUrl: prometheus.url });
    const rangeOfLast3s = async () => {
      const end = new Date();
      return client.queryRange('up{job="venture"}', {
        start: new Date(end.getTime() - 3_000),
        end,
        stepSeconds: 1,
      });
    };
    let data = await rangeOfLast3s();
    for (let tries = 0; tries < 20 && pointsOf(data) < 4; tries += 1) {
      await sleep(250);
      data = await rangeOfLast3s();
    }
    expect(data.resultType).toBe('matrix');
    if (data.resultType !== 'matrix') return;
    expect(data.result).toHaveLength(1);
    expect(data.result[0]?.metric).toMatchObject({ job: 'venture', instance: expect.any(String) });
    expect(data.result[0]?.values).toHaveLength(4);
    expect(data.result[0]?.values.every(([, value]) => value === '1')).toBe(true);
  });

  it("a PromQL error is no data with Prometheus's reason, and a VendorRejectedError from the client", async () => {
    const reading = await read('support_backlog');
    expect(reading.value).toBeNull();
    expect(reading.reason).toMatch(
      /^prometheus rejected the request: HTTP 400 bad_data: .*parse error/,
    );
    await expect(
      createPrometheusClient({ baseUrl: prometheus.url }).query('sum(', new Date()),
    ).rejects.toBeInstanceOf(VendorRejectedError);
  });

  it('an empty vector or several series are no data, never zero', async () => {
    expect(await read('nps')).toEqual({
      value: null,
      reason: 'prometheus: the query for nps returned no series',
    });
    const several = await read('new_users');
    expect(several.value).toBeNull();
    expect(several.reason).toContain('returned 2 series');
  });

  it('a metric without a query is no data', async () => {
    expect((await read('email_open_rate')).reason).toBe(
      'prometheus: no query configured for email_open_rate',
    );
  });

  it('reports the server version as a connection test', async () => {
    const info = await createPrometheusClient({ baseUrl: prometheus.url }).buildInfo();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('Prometheus source when the server misbehaves', () => {
  let vendor: FakeVendor;

  beforeAll(async () => {
    vendor = await startFakeVendor();
  });
  afterAll(() => vendor.close());

  const read = (baseUrl: string) =>
    prometheusMetricReader(createPrometheusClient({ baseUrl, retry: fast }), queries).read({
      launchId: 'l1',
      name: 'uptime',
      at: new Date('2026-12-01T10:00:00Z'),
    });

  it('a server that hangs gives no data with a timeout reason, after retrying', async () => {
    vendor.received.length = 0;
    vendor.replies.push({ hang: true }, { hang: true });
    const reading = await read(vendor.url);
    expect(reading).toEqual({
      value: null,
      reason: 'prometheus: timeout after 0.3s (after 2 attempt(s))',
      unavailable: true,
    });
    expect(vendor.received).toHaveLength(2);
  });

  it('retries a 503 and reads the answer of the next attempt; sends time and query', async () => {
    vendor.received.length = 0;
    vendor.replies.push(
      jsonReply(503, { status: 'error', errorType: 'unavailable', error: 'overloaded' }),
      jsonReply(200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, '99.5'] }] },
      }),
    );
    expect(await read(vendor.url)).toEqual({ value: 99.5 });
    expect(vendor.received).toHaveLength(2);
    expect(vendor.received[1]?.path).toBe('/api/v1/query');
    expect(vendor.received[1]?.query.get('query')).toBe(
      '100 * avg_over_time(up{job="venture"}[300s])',
    );
    expect(vendor.received[1]?.query.get('time')).toBe('1796119200.000');
  });

  it('a server that is down gives no data with the reason', async () => {
    const closed = await startFakeVendor();
    await closed.close();
    const reading = await read(closed.url);
    expect(reading.value).toBeNull();
    expect(reading.reason).toMatch(/^prometheus: .*\(after 2 attempt\(s\)\)$/);
  });

  it('NaN (e.g. 0/0) is no data', async () => {
    vendor.replies.push(
      jsonReply(200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'NaN'] }] },
      }),
    );
    expect((await read(vendor.url)).reason).toBe(
      'prometheus: the query for uptime evaluated to NaN',
    );
  });
});
