import type { ColumnType, Generated } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';

/** Tables of migration 0002 (metrics), added to the shared `Database` type with `withTables`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** int8 columns: pg returns them as strings. */
type BigInt8 = ColumnType<string, string | number, string | number>;

export interface IngestKeyTable {
  id: Generated<string>;
  venture_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface MetricSampleTable {
  launch_id: string;
  name: string;
  labels: Json<Record<string, string>>;
  labels_hash: BigInt8;
  ts: Timestamp;
  value: number;
}

export interface MetricRollupTable {
  launch_id: string;
  name: string;
  labels_hash: BigInt8;
  minute: Timestamp;
  labels: Json<Record<string, string>>;
  count: BigInt8;
  sum: number;
  min: number;
  max: number;
  last_ts: Timestamp;
  last_value: number;
}

export interface TrackedEventTable {
  id: Generated<string>;
  launch_id: string;
  type: 'track' | 'identify' | 'page';
  user_id: string | null;
  anonymous_id: string | null;
  event: string | null;
  properties: Json<Record<string, unknown>>;
  context: Json<Record<string, unknown>>;
  ts: Timestamp;
  received_at: Timestamp;
  message_id: string;
}

export interface SendgridWebhookKeyTable {
  venture_id: string;
  public_key: string;
  updated_by: string;
  updated_at: Timestamp;
}

export interface EmailEventTable {
  launch_id: string;
  sg_event_id: string;
  sg_message_id: string | null;
  event: string;
  email: string | null;
  ts: Timestamp;
}

/** The metrics tables. */
export type MetricsTables = {
  ingest_keys: IngestKeyTable;
  metric_samples: MetricSampleTable;
  metric_rollup_1m: MetricRollupTable;
  tracked_events: TrackedEventTable;
  sendgrid_webhook_keys: SendgridWebhookKeyTable;
  email_events: EmailEventTable;
};

/**
 * The executor (database or transaction) typed with the metrics tables as well.
 *
 * @example
 * await metricsDb(trx).insertInto('tracked_events').values(row).execute();
 */
export function metricsDb(executor: DbExecutor) {
  return executor.withTables<MetricsTables>();
}
