import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Column types of the LaunchCrew database (see migrations/). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type LaunchState =
  | 'draft'
  | 'preparing'
  | 'awaiting_go_no_go'
  | 'executing'
  | 'monitoring'
  | 'succeeded'
  | 'unsuccessful'
  | 'rolled_back'
  | 'aborted';

export interface VentureTable {
  id: string;
  name: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface LaunchTable {
  id: Generated<string>;
  venture_id: string;
  state: LaunchState;
  preset: string;
  t0: Timestamp;
  plan: Json;
  plan_yaml: string;
  plan_sha256: string;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  ended_at: NullableTimestamp;
  end_reason: string | null;
  go_decided_at: NullableTimestamp;
  go_decided_by: string | null;
  go_override_reason: string | null;
  /** When the deploy was verified and the product declared live; activations wait for it. */
  live_at: NullableTimestamp;
  success_deadline: NullableTimestamp;
}

export interface ParameterOverrideTable {
  launch_id: string;
  name: string;
  value: Json;
  set_by: string;
  set_at: Timestamp;
  reason: string;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  role: string;
  token_hash: string;
  token_prefix: string;
  created_at: GeneratedTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  launch_id: string | null;
  detail: Json<Record<string, unknown>>;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';

export interface DeliveryTable {
  id: Generated<string>;
  key: string;
  launch_id: string | null;
  channel: string;
  state: DeliveryState;
  attempts: Generated<number>;
  request: Json<Record<string, unknown>>;
  response: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface ScheduledWorkTable {
  id: Generated<string>;
  launch_id: string | null;
  job: string;
  data: Json<Record<string, unknown>>;
  due_at: Timestamp;
  dedup_key: string;
  created_at: Timestamp;
  released_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface Database {
  ventures: VentureTable;
  launches: LaunchTable;
  parameter_overrides: ParameterOverrideTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  deliveries: DeliveryTable;
  scheduled_work: ScheduledWorkTable;
}

export type LaunchRow = Selectable<LaunchTable>;
export type NewLaunch = Insertable<LaunchTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type ScheduledWorkRow = Selectable<ScheduledWorkTable>;
