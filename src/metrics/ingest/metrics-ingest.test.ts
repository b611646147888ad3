import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test-harness.ts';

let api: TestApi;
let launchId: string;
let key: string;

type BatchError = {
  error: { code: string; items: { index: number; path: unknown[]; message: string }[] };
};

beforeAll(async () => {
  api = await startTestApi();
  launchId = await api.createLaunch();
  const created = await api.call<{ secret: string }>(
    'POST',
    '/v1/ventures/acme-notes/ingest-keys',
    {
      as: 'lead',
      json: { name: 'web' },
    },
  );
  expect(created.status).toBe(201);
  key = created.body.secret;
});
afterAll(() => api.close());

const push = (body: unknown, headers: Record<string, string> = {}) =>
  api.call<BatchError & { accepted: number; launchId: string }>('POST', '/v1/metrics', {
    json: body,
    headers: { authorization: `Bearer ${key}`, ...headers },
  });

const pushNdjson = (text: string) =>
  api.call<BatchError & { accepted: number }>('POST', '/v1/metrics', {
    body: text,
    contentType: 'application/x-ndjson',
    headers: { authorization: `Bearer ${key}` },
  });

async function storedCount(name: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM metric_samples WHERE name = ${name}`.execute(api.t.db);
  return Number(rows[0]?.n);
}

describe('POST /v1/metrics', () => {
  it('stores a JSON batch in the venture’s current launch and its 1-minute rollup', async () => {
    const now = api.clock.now().getTime();
    const answer = await push({
      samples: [
        { name: 'queue_depth', labels: { queue: 'mail' }, value: 3, timestamp: now - 30_000 },
        { name: 'queue_depth', labels: { queue: 'mail' }, value: 7, timestamp: now - 10_000 },
        { name: 'queue_depth', value: 1 },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ launchId, accepted: 3 });
    const { rows } = await sql<{
      count: string;
      sum: number;
      min: number;
      max: number;
      last_value: number;
    }>`
      SELECT count, sum, min, max, last_value FROM metric_rollup_1m
      WHERE name = 'queue_depth' AND labels = '{"queue":"mail"}'::jsonb`.execute(api.t.db);
    expect(rows).toEqual([{ count: '2', sum: 10, min: 3, max: 7, last_value: 7 }]);
  });

  it('accepts NDJSON and HTTP Basic with the key as user name', async () => {
    const answer = await api.call<{ accepted: number }>('POST', '/v1/metrics', {
      body: '{"name":"nd_metric","value":1}\n\n{"name":"nd_metric","value":2}\n',
      contentType: 'application/x-ndjson',
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toBe(2);
    expect(await storedCount('nd_metric')).toBe(2);
  });

  it('rejects the whole batch when one item is bad, listing every bad item', async () => {
    const answer = await push({
      samples: [
        { name: 'atomic_metric', value: 1 },
        { name: '9bad-name', value: 1 },
        { name: 'atomic_metric', value: 'NaN' },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_batch');
    expect(answer.body.error.items).toEqual([
      {
        index: 1,
        path: ['body', 'samples', 1, 'name'],
        message: expect.stringContaining('must match'),
      },
      {
        index: 2,
        path: ['body', 'samples', 2, 'value'],
        message: expect.stringContaining('NaN and ±Infinity'),
      },
    ]);
    expect(await storedCount('atomic_metric')).toBe(0);
  });

  it('reports a malformed NDJSON line and NaN/Infinity spelled as strings', async () => {
    const answer = await pushNdjson(
      '{"name":"nd_bad","value":1}\n{"name":"nd_bad","value":\n{"name":"nd_bad","value":"-Infinity"}\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.items.map((i) => [i.index, i.path])).toEqual([
      [1, ['body', 1]],
      [2, ['body', 2, 'value']],
    ]);
    expect(answer.body.error.items[0]?.message).toMatch(/line 2 is not valid JSON/);
    expect(await storedCount('nd_bad')).toBe(0);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const answer = await api.call<BatchError>('POST', '/v1/metrics', {
      body: '{"samples": [',
      contentType: 'application/json',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_json');
  });

  it('refuses label sets over 20 labels or 2 KB, and non-string label values', async () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`l${i}`, 'x']));
    const answer = await push({
      samples: [
        { name: 'labelled', labels: many, value: 1 },
        { name: 'labelled', labels: { big: 'x'.repeat(2100) }, value: 1 },
        { name: 'labelled', labels: { code: 500 }, value: 1 },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.items.map((i) => i.message)).toEqual([
      'at most 20 labels; got 21',
      expect.stringContaining('at most 2048 bytes'),
      'label values must be strings',
    ]);
  });

  it('refuses samples more than 5 minutes ahead (clock skew) or more than 1 hour old', async () => {
    const now = api.clock.now().getTime();
    const answer = await push({
      samples: [
        { name: 'skewed', value: 1, timestamp: new Date(now + 6 * 60_000).toISOString() },
        { name: 'skewed', value: 1, timestamp: now - 61 * 60_000 },
        { name: 'skewed', value: 1, timestamp: now + 4 * 60_000 },
        { name: 'skewed', value: 1, timestamp: now - 59 * 60_000 },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.items.map((i) => [i.index, i.message])).toEqual([
      [0, expect.stringContaining('in the future')],
      [1, expect.stringContaining('older than the 1 h')],
    ]);
    const accepted = await push({
      samples: [
        { name: 'skewed', value: 1, timestamp: now + 4 * 60_000 },
        { name: 'skewed', value: 2, timestamp: now - 59 * 60_000 },
      ],
    });
    expect(accepted.status).toBe(200);
  });

  it('refuses batches over 5,000 items with 413', async () => {
    const samples = Array.from({ length: 5001 }, () => ({ name: 'many', value: 1 }));
    const answer = await push({ samples });
    expect(answer.status).toBe(413);
    expect(await storedCount('many')).toBe(0);
  });

  it('targets an explicit launch_id only of the key’s venture', async () => {
    const foreign = await push({
      launch_id: '00000000-0000-4000-8000-000000000000',
      samples: [{ name: 'x', value: 1 }],
    });
    expect(foreign.status).toBe(404);
    const explicit = await push({ launch_id: launchId, samples: [{ name: 'x', value: 1 }] });
    expect(explicit.body.launchId).toBe(launchId);
  });

  it('answers 401 to a missing, unknown or revoked key', async () => {
    const none = await api.call('POST', '/v1/metrics', {
      json: { samples: [{ name: 'a', value: 1 }] },
    });
    expect(none.status).toBe(401);
    const unknown = await push(
      { samples: [{ name: 'a', value: 1 }] },
      { authorization: 'Bearer lck_nope' },
    );
    expect(unknown.status).toBe(401);

    const created = await api.call<{ key: { id: string }; secret: string }>(
      'POST',
      '/v1/ventures/acme-notes/ingest-keys',
      { as: 'lead', json: { name: 'temp' } },
    );
    const ok = await push(
      { samples: [{ name: 'a', value: 1 }] },
      { authorization: `Bearer ${created.body.secret}` },
    );
    expect(ok.status).toBe(200);
    const revoked = await api.call(
      'DELETE',
      `/v1/ventures/acme-notes/ingest-keys/${created.body.key.id}`,
      {
        as: 'lead',
      },
    );
    expect(revoked.status).toBe(200);
    const after = await push(
      { samples: [{ name: 'a', value: 1 }] },
      { authorization: `Bearer ${created.body.secret}` },
    );
    expect(after.status).toBe(401);
  });
});

describe('ingest keys', () => {
  it('are created by a lead only, listed without secrets, and audited', async () => {
    const denied = await api.call('POST', '/v1/ventures/acme-notes/ingest-keys', {
      as: 'marketing',
      json: { name: 'x' },
    });
    expect(denied.status).toBe(403);
    const missing = await api.call('POST', '/v1/ventures/no-such/ingest-keys', {
      as: 'lead',
      json: { name: 'x' },
    });
    expect(missing.status).toBe(404);
    const listed = await api.call<{ keys: Record<string, unknown>[] }>(
      'GET',
      '/v1/ventures/acme-notes/ingest-keys',
      {
        as: 'lead',
      },
    );
    expect(listed.body.keys.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const audit = await api.call<{ entries: { action: string }[] }>(
      'GET',
      '/v1/audit?action=ingest_key.create',
      {
        as: 'lead',
      },
    );
    expect(audit.text).toContain('ingest_key.create');
  });
});

describe('GET /v1/launches/{id}/metrics/{name}', () => {
  it('answers downsampled points from the rollup', async () => {
    const base = api.clock.now().getTime() - 50 * 60_000;
    const samples = Array.from({ length: 40 }, (_, i) => ({
      name: 'chart_metric',
      value: i,
      timestamp: base + i * 60_000,
    }));
    expect((await push({ samples })).status).toBe(200);
    const from = new Date(base - (base % 600_000)).toISOString();
    const answer = await api.call<{
      stepSeconds: number;
      series: {
        labels: object;
        points: { t: string; count: number; avg: number; last: number; min: number; max: number }[];
      }[];
    }>(
      'GET',
      `/v1/launches/${launchId}/metrics/chart_metric?from=${from}&to=${api.clock.now().toISOString()}&step=10m`,
      {
        as: 'viewer',
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.stepSeconds).toBe(600);
    const points = answer.body.series[0]?.points ?? [];
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(40);
    const full = points.find((p) => p.count === 10);
    expect(full).toBeDefined();
    expect(full?.last).toBe(full?.max);
    expect(full?.avg).toBeCloseTo(((full?.min ?? 0) + (full?.max ?? 0)) / 2);
    expect(points.at(-1)?.last).toBe(39);
  });

  it('refuses more than 10,080 points and unknown launches', async () => {
    const tooMany = await api.call(
      'GET',
      `/v1/launches/${launchId}/metrics/x?from=2026-01-01T00:00:00Z&to=2026-01-09T00:00:00Z&step=1m`,
      {
        as: 'viewer',
      },
    );
    expect(tooMany.status).toBe(400);
    const unknown = await api.call(
      'GET',
      '/v1/launches/00000000-0000-4000-8000-000000000000/metrics/x',
      {
        as: 'viewer',
      },
    );
    expect(unknown.status).toBe(404);
  });
});

describe('concurrent batches', () => {
  it('fold into the same rollup rows without deadlock or lost counts', async () => {
    const now = api.clock.now().getTime();
    const batch = (offset: number) => ({
      samples: Array.from({ length: 200 }, (_, i) => ({
        name: 'concurrent_metric',
        labels: { shard: String(i % 4) },
        value: 1,
        timestamp: now - 120_000 + ((i + offset) % 120) * 1000,
      })),
    });
    const answers = await Promise.all([0, 7, 13, 29, 41].map((offset) => push(batch(offset))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const { rows } = await sql<{ count: string; sum: number }>`
      SELECT sum(count) AS count, sum(sum) AS sum FROM metric_rollup_1m
      WHERE name = 'concurrent_metric'`.execute(api.t.db);
    expect(rows[0]).toEqual({ count: '1000', sum: 1000 });
  });

  it('refuses bodies over 5 MB with 413', async () => {
    const answer = await api.call('POST', '/v1/metrics', {
      body: `{"samples":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`,
      contentType: 'application/json',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(413);
  });
});
