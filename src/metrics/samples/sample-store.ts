import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';

/** One validated metric sample. */
export interface MetricSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  ts: Date;
}

/**
 * The canonical JSON of a label set (keys sorted), so equal sets compare and hash equal.
 *
 * @example
 * canonicalLabels({ status: '500', route: '/' }); // '{"route":"/","status":"500"}'
 */
export function canonicalLabels(labels: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key]]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/**
 * A 64-bit series key of a label set (the first 8 bytes of its SHA-256, as a signed int8 string).
 *
 * @example
 * labelsHash({ status: '500' }); // '-4178592303584185735'
 */
export function labelsHash(labels: Readonly<Record<string, string>>): string {
  return hashOfCanonical(canonicalLabels(labels));
}

function hashOfCanonical(canonical: string): string {
  return createHash('sha256').update(canonical).digest().readBigInt64BE(0).toString();
}

/**
 * Stores samples of one launch and folds them into the 1-minute rollup in ONE statement (so
 * both or neither commit, with or without a surrounding transaction). The per-minute aggregates
 * of the batch are computed here, so the database inserts the raw rows through `unnest` and
 * upserts only the touched minutes, in key order so concurrent batches cannot deadlock.
 *
 * @example
 * await insertSamples(db, launchId, samples);
 */
export async function insertSamples(
  executor: DbExecutor,
  launchId: string,
  samples: readonly MetricSample[],
): Promise<void> {
  if (samples.length === 0) return;
  const rows = samples.map((sample) => ({ sample, ...seriesKeyOf(sample.labels) }));
  const minutes = rollupOf(rows);
  await sql`
    WITH stored AS (
      INSERT INTO metric_samples (launch_id, name, labels, labels_hash, ts, value)
      SELECT ${launchId}::uuid, name, labels::jsonb, labels_hash, ts, value
      FROM unnest(${rows.map((r) => r.sample.name)}::text[], ${rows.map((r) => r.canonical)}::text[],
                  ${rows.map((r) => r.hash)}::int8[],
                  ${rows.map((r) => r.sample.ts.toISOString())}::timestamptz[],
                  ${rows.map((r) => r.sample.value)}::float8[])
        AS b(name, labels, labels_hash, ts, value)
    )
    INSERT INTO metric_rollup_1m AS r
      (launch_id, name, labels_hash, minute, labels, count, sum, min, max, last_ts, last_value)
    SELECT ${launchId}::uuid, name, labels_hash, minute, labels::jsonb, count, sum, min, max,
           last_ts, last_value
    FROM unnest(${minutes.map((m) => m.name)}::text[], ${minutes.map((m) => m.hash)}::int8[],
                ${minutes.map((m) => new Date(m.minute).toISOString())}::timestamptz[],
                ${minutes.map((m) => m.canonical)}::text[], ${minutes.map((m) => m.count)}::int8[],
                ${minutes.map((m) => m.sum)}::float8[], ${minutes.map((m) => m.min)}::float8[],
                ${minutes.map((m) => m.max)}::float8[],
                ${minutes.map((m) => new Date(m.lastTs).toISOString())}::timestamptz[],
                ${minutes.map((m) => m.lastValue)}::float8[])
      AS m(name, labels_hash, minute, labels, count, sum, min, max, last_ts, last_value)
    ORDER BY name, labels_hash, minute
    ON CONFLICT (launch_id, name, labels_hash, minute) DO UPDATE SET
      count = r.count + excluded.count,
      sum = r.sum + excluded.sum,
      min = least(r.min, excluded.min),
      max = greatest(r.max, excluded.max),
      last_ts = greatest(r.last_ts, excluded.last_ts),
      last_value = CASE WHEN excluded.last_ts >= r.last_ts THEN excluded.last_value
                        ELSE r.last_value END
  `.execute(executor);
}

/** One minute of one series, aggregated over a batch. */
interface MinuteAggregate {
  name: string;
  hash: string;
  canonical: string;
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  lastTs: number;
  lastValue: number;
}

function rollupOf(
  rows: ReadonlyArray<{ sample: MetricSample; canonical: string; hash: string }>,
): MinuteAggregate[] {
  const minutes = new Map<string, MinuteAggregate>();
  for (const { sample, canonical, hash } of rows) {
    const ts = sample.ts.getTime();
    const minute = ts - (((ts % 60_000) + 60_000) % 60_000);
    const key = `${sample.name}\u0000${hash}\u0000${minute}`;
    const entry = minutes.get(key);
    if (!entry) {
      minutes.set(key, {
        name: sample.name,
        hash,
        canonical,
        minute,
        count: 1,
        sum: sample.value,
        min: sample.value,
        max: sample.value,
        lastTs: ts,
        lastValue: sample.value,
      });
      continue;
    }
    entry.count++;
    entry.sum += sample.value;
    entry.min = Math.min(entry.min, sample.value);
    entry.max = Math.max(entry.max, sample.value);
    if (ts >= entry.lastTs) {
      entry.lastTs = ts;
      entry.lastValue = sample.value;
    }
  }
  return [...minutes.values()];
}

/** Canonical labels and hash, memoised per label object shape within the process. */
const seriesKeys = new Map<string, { canonical: string; hash: string }>();
const maxRememberedSeries = 10_000;

function seriesKeyOf(labels: Readonly<Record<string, string>>): {
  canonical: string;
  hash: string;
} {
  const raw = JSON.stringify(labels);
  let key = seriesKeys.get(raw);
  if (!key) {
    const canonical = canonicalLabels(labels);
    key = { canonical, hash: hashOfCanonical(canonical) };
    if (seriesKeys.size >= maxRememberedSeries) seriesKeys.clear();
    seriesKeys.set(raw, key);
  }
  return key;
}
