import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { insertLaunchRow } from '../../test/fixtures/launch-row.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { launchMetricReader } from './launch-metric-reader.ts';
import { insertSamples } from './samples/sample-store.ts';

const at = new Date('2026-12-01T10:00:00Z');

describe('launchMetricReader', () => {
  let t: TestDatabase;
  let datadog: FakeVendor;
  let withSource = '';
  let pushedOnly = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    datadog = await startFakeVendor();
    pushedOnly = (await insertLaunchRow(t.db, 'acme', at)).id;
    withSource = (await insertLaunchRow(t.db, 'acme', at)).id;
    const plan = {
      connectors: [
        {
          id: 'dd',
          kind: 'metric_source',
          vendor: 'datadog',
          config: { api_url: datadog.url, api_key_env: 'DD_API', app_key_env: 'DD_APP' },
        },
      ],
      metric_sources: [
        {
          id: 'dd-prod',
          mode: 'query',
          connector: 'dd',
          interval: '60s',
          queries: { error_rate: 'sum:errors{*}' },
        },
      ],
    };
    await t.db
      .updateTable('launches')
      .set({ plan: JSON.stringify(plan) })
      .where('id', '=', withSource)
      .execute();
    for (const id of [pushedOnly, withSource]) {
      await insertSamples(t.db, id, [
        { name: 'error_rate', labels: {}, value: 3.5, ts: new Date(at.getTime() - 30_000) },
      ]);
    }
  });
  afterAll(async () => {
    await datadog.close();
    await t.drop();
  });

  const reader = () => launchMetricReader(t.db, { DD_API: 'k1', DD_APP: 'k2' });

  it('reads pushed samples when no source or probe has the metric', async () => {
    expect(await reader().read({ launchId: pushedOnly, name: 'error_rate', at })).toMatchObject({
      value: 3.5,
    });
  });

  it('prefers a queried source the plan names for the metric', async () => {
    datadog.replies.push(
      jsonReply(200, {
        status: 'ok',
        series: [{ metric: 'errors', scope: '*', pointlist: [[at.getTime() - 60_000, 7.25]] }],
      }),
    );
    expect(await reader().read({ launchId: withSource, name: 'error_rate', at })).toMatchObject({
      value: 7.25,
    });
    expect(datadog.received).toHaveLength(1);
  });

  it('falls back when the source has no data, and gives every reason when nobody has', async () => {
    datadog.replies.push(
      jsonReply(500, { errors: ['down'] }),
      jsonReply(500, { errors: ['down'] }),
      jsonReply(500, { errors: ['down'] }),
      jsonReply(500, { errors: ['down'] }),
    );
    expect(await reader().read({ launchId: withSource, name: 'error_rate', at })).toMatchObject({
      value: 3.5,
    });
    const none = await reader().read({ launchId: pushedOnly, name: 'nps', at });
    expect(none.value).toBeNull();
    expect(none.reason).toMatch(/probes: .*; pushed: /);
  });

  it('does not ask a source that could not be reached again for a while', async () => {
    const shared = reader();
    datadog.received.length = 0;
    datadog.replies.length = 0;
    datadog.replies.push(jsonReply(403, { errors: ['Forbidden'] }));
    const first = await shared.read({ launchId: withSource, name: 'error_rate', at });
    const second = await shared.read({ launchId: withSource, name: 'error_rate', at });
    expect(datadog.received).toHaveLength(1);
    expect([first.value, second.value]).toEqual([3.5, 3.5]);
  });
});
