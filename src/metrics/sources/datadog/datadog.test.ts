import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import type { LaunchPlan } from '../../../plan/schema.ts';
import { metricReaderForSource, metricSourceManifests } from '../metric-source-registry.ts';

const at = new Date('2026-12-01T10:00:00Z');
const env = { DD_API_KEY: 'api-key-123', DD_APP_KEY: 'app-key-456' };

function planFor(apiUrl: string): Pick<LaunchPlan, 'connectors' | 'metric_sources'> {
  return {
    connectors: [
      {
        id: 'dd',
        kind: 'metric_source',
        vendor: 'datadog',
        config: { api_url: apiUrl, api_key_env: 'DD_API_KEY', app_key_env: 'DD_APP_KEY' },
      },
    ],
    metric_sources: [
      {
        id: 'datadog-prod',
        mode: 'query',
        connector: 'dd',
        interval: '60s',
        queries: {
          error_rate: 'sum:trace.http.request.errors{service:web}.as_rate()',
          uptime: 'avg:synthetics.http.uptime{check:home}',
        },
      },
    ],
  };
}

const series = (pointlist: Array<[number, number | null]>) => ({
  metric: 'trace.http.request.errors',
  scope: 'service:web',
  pointlist,
});

describe('Datadog source at the wire', () => {
  let datadog: FakeVendor;

  beforeAll(async () => {
    datadog = await startFakeVendor();
  });
  afterAll(() => datadog.close());
  beforeEach(() => {
    datadog.received.length = 0;
    datadog.replies.length = 0;
  });

  const read = async (name: string, secrets: Record<string, string> = env) =>
    (await metricReaderForSource(planFor(datadog.url), 'datadog-prod', secrets)).read({
      launchId: 'l1',
      name,
      at,
      windowMs: 600_000,
    });

  it('is found from its manifest', async () => {
    const vendors = (await metricSourceManifests()).map((manifest) => manifest.vendor);
    expect(vendors).toEqual(['datadog', 'prometheus']);
  });

  it('sends the documented request and takes the latest non-null point', async () => {
    datadog.replies.push(
      jsonReply(200, {
        status: 'ok',
        res_type: 'time_series',
        query: 'sum:trace.http.request.errors{service:web}.as_rate()',
        from_date: 1796118600000,
        to_date: 1796119200000,
        series: [
          series([
            [1796118900000, 2.5],
            [1796119020000, 3.25],
            [1796119140000, null],
          ]),
        ],
      }),
    );
    expect(await read('error_rate')).toEqual({ value: 3.25 });
    expect(datadog.received).toHaveLength(1);
    const request = datadog.received[0];
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v1/query');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({
      from: '1796118600',
      to: '1796119200',
      query: 'sum:trace.http.request.errors{service:web}.as_rate()',
    });
    expect(request?.headers['dd-api-key']).toBe('api-key-123');
    expect(request?.headers['dd-application-key']).toBe('app-key-456');
  });

  it('no series, or only null points, is no data — never zero', async () => {
    datadog.replies.push(jsonReply(200, { status: 'ok', series: [] }));
    expect(await read('error_rate')).toEqual({
      value: null,
      reason: 'datadog: the query for error_rate returned no series',
    });
    datadog.replies.push(jsonReply(200, { status: 'ok', series: [series([[1, null]])] }));
    expect((await read('error_rate')).reason).toBe(
      'datadog: the series for error_rate has no points in the window',
    );
  });

  it("a 403 with {errors} is no data with Datadog's message, not retried", async () => {
    datadog.replies.push(jsonReply(403, { errors: ['Forbidden'] }));
    expect(await read('uptime')).toEqual({
      value: null,
      reason: 'datadog rejected the request: HTTP 403 Forbidden',
      unavailable: true,
    });
    expect(datadog.received).toHaveLength(1);
  });

  it('a status "error" answer is no data with its error', async () => {
    datadog.replies.push(jsonReply(200, { status: 'error', error: 'Error parsing query' }));
    expect((await read('uptime')).reason).toBe(
      'datadog rejected the request: HTTP 200 Error parsing query',
    );
  });

  it('retries a 500 and then reads the value', async () => {
    datadog.replies.push(
      jsonReply(500, { errors: ['Internal error'] }),
      jsonReply(200, { status: 'ok', series: [series([[1, 99.9]])] }),
    );
    expect(await read('uptime')).toEqual({ value: 99.9 });
    expect(datadog.received).toHaveLength(2);
  });

  it('a missing key variable is no data naming the variable, and nothing is sent', async () => {
    const reading = await read('uptime', { DD_API_KEY: 'api-key-123' });
    expect(reading).toEqual({
      value: null,
      reason:
        "datadog: connector 'dd': environment variable DD_APP_KEY (named by app_key_env) is not set",
      unavailable: true,
    });
    expect(datadog.received).toHaveLength(0);
  });
});
