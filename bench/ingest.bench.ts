import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApi } from '../src/api/app.ts';
import { systemClock } from '../src/clock/clock.ts';
import { createIngestKey } from '../src/metrics/ingest/ingest-keys.ts';
import { canonicalLabels, labelsHash } from '../src/metrics/samples/sample-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Store } from '../src/store/store.ts';
import { type BenchResult, median } from './measure.ts';

const BATCH = 500;
const SAMPLES = 50_000;
const EVENTS = 25_000;
const ROUNDS = 3;
const CONCURRENCY = 4;

/**
 * Ingest throughput through the real HTTP API (`POST /v1/metrics` and Segment `POST /v1/batch`,
 * batches of 500, 4 in flight) into PostgreSQL, next to a raw `COPY … FROM STDIN` of the same
 * rows in the same run; the ratio is API rate ÷ COPY rate (target ≥ 0.5). The API also maintains
 * the 1-minute rollup, which COPY does not.
 */
export async function benchIngest(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const { launchId, secret } = await createBenchLaunch(store);
  const api = createApi({
    db: store.db,
    clock: systemClock,
    version: 'bench',
    isReady: async () => true,
  });
  const server = serve({ fetch: api.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const rates = { samplesApi: [], samplesCopy: [], eventsApi: [], eventsCopy: [] } as Record<
      'samplesApi' | 'samplesCopy' | 'eventsApi' | 'eventsCopy',
      number[]
    >;
    for (let round = 0; round < ROUNDS; round++) {
      const work = prepareRound(launchId, Date.now());
      rates.samplesApi.push(
        SAMPLES / (await timed(() => postAll(`${base}/v1/metrics`, work.sampleBodies, auth))),
      );
      rates.samplesCopy.push(
        SAMPLES / (await timed(() => copyRows(store, sampleColumns, work.samplesCsv))),
      );
      rates.eventsApi.push(
        EVENTS / (await timed(() => postAll(`${base}/v1/batch`, work.eventBodies, auth))),
      );
      rates.eventsCopy.push(
        EVENTS / (await timed(() => copyRows(store, eventColumns, work.eventsCsv))),
      );
    }
    return [
      result('samples', median(rates.samplesApi), median(rates.samplesCopy)),
      result('events', median(rates.eventsApi), median(rates.eventsCopy)),
    ];
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const sampleColumns = 'metric_samples (launch_id, name, labels, labels_hash, ts, value)';
const eventColumns =
  'tracked_events (launch_id, type, user_id, event, properties, context, ts, received_at, message_id)';

/**
 * One round's rows, serialised before timing (a sender does that on its own machine): JSON
 * bodies of 500 items for the API and the same rows as CSV for COPY.
 */
function prepareRound(launchId: string, now: number) {
  const samples = Array.from({ length: SAMPLES }, (_, i) => ({
    name: 'http_requests_total',
    labels: { status: i % 20 === 0 ? '500' : '200', route: `/r${i % 10}` },
    value: i,
    timestamp: now - 30 * 60_000 + Math.floor((i / SAMPLES) * 30 * 60_000),
  }));
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    type: 'track',
    userId: `u${i % 5000}`,
    event: i % 10 === 0 ? 'Signed Up' : 'Viewed',
    properties: { page: `/p${i % 50}` },
    context: { campaign: { source: 'google' } },
    timestamp: new Date(now - 60_000).toISOString(),
    messageId: randomUUID(),
  }));
  const receivedAt = new Date(now).toISOString();
  return {
    sampleBodies: chunks(samples).map((c) => JSON.stringify({ samples: c })),
    eventBodies: chunks(events).map((c) => JSON.stringify({ batch: c })),
    samplesCsv: toCsv(
      samples.map((s) => [
        launchId,
        s.name,
        canonicalLabels(s.labels),
        labelsHash(s.labels),
        new Date(s.timestamp).toISOString(),
        String(s.value),
      ]),
    ),
    eventsCsv: toCsv(
      events.map((e) => [
        launchId,
        e.type,
        e.userId,
        e.event,
        JSON.stringify(e.properties),
        JSON.stringify(e.context),
        e.timestamp,
        receivedAt,
        `copy-${e.messageId}`,
      ]),
    ),
  };
}

async function createBenchLaunch(store: Store): Promise<{ launchId: string; secret: string }> {
  const ventureId = `bench-${Date.now().toString(36)}`;
  await store.db.insertInto('ventures').values({ id: ventureId, name: 'Ingest bench' }).execute();
  const launch = await store.db
    .insertInto('launches')
    .values({
      venture_id: ventureId,
      state: 'monitoring',
      preset: 'developer_tool_launch',
      t0: new Date(),
      plan: '{}',
      plan_yaml: '',
      plan_sha256: '',
      created_by: 'bench',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { secret } = await createIngestKey(store.db, systemClock, {
    ventureId,
    name: 'bench',
    actor: 'bench',
  });
  return { launchId: launch.id, secret };
}

function chunks<T>(items: T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) =>
    items.slice(i * BATCH, (i + 1) * BATCH),
  );
}

async function postAll(url: string, bodies: string[], headers: Record<string, string>) {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      if (body === undefined) return;
      const response = await fetch(url, { method: 'POST', headers, body });
      if (response.status !== 200)
        throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function toCsv(rows: string[][]): string {
  return rows
    .map((row) => row.map((field) => `"${field.replaceAll('"', '""')}"`).join(','))
    .join('\n');
}

async function copyRows(store: Store, target: string, csv: string): Promise<void> {
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    const stream = client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT csv)`));
    await pipeline(
      (async function* () {
        yield `${csv}\n`;
      })(),
      stream,
    );
  } finally {
    await client.end();
  }
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

function result(kind: string, apiRate: number, copyRate: number): BenchResult {
  const count = kind === 'samples' ? SAMPLES : EVENTS;
  return {
    name: `ingest: ${kind} through the HTTP API (batches of ${BATCH}, ${CONCURRENCY} in flight)`,
    value: Math.round(apiRate),
    unit: `${kind}/s`,
    detail: `median of ${ROUNDS} rounds of ${count}; raw COPY of the same rows: ${Math.round(copyRate)}/s; API ÷ COPY = ${(apiRate / copyRate).toFixed(2)} (target ≥ 0.5)`,
  };
}
