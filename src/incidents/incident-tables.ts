/** Tables of incidents and approvals (migration 0007) and the typed executor that includes them. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DbExecutor } from '../store/database.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Incident severities of SPEC §3. */
export type Severity = 'P0' | 'P1' | 'P2' | 'P3';
/** Lifecycle states of an incident, in order. */
export const incidentStates = [
  'triggered',
  'acknowledged',
  'mitigating',
  'monitoring',
  'resolved',
] as const;
export type IncidentState = (typeof incidentStates)[number];

export interface IncidentTable {
  id: Generated<string>;
  launch_id: string;
  trigger_id: string;
  rule_id: string;
  state: IncidentState;
  severity: Severity;
  severity_reason: string;
  classification: Json<Record<string, unknown>>;
  title: string;
  /** The alert router's `dedup_key` of every firing folded into this incident. */
  pagerduty_dedup_keys: Json<string[]>;
  fire_count: Generated<number>;
  postmortem: ColumnType<
    'not_required' | 'pending' | 'drafted',
    'not_required' | 'pending' | 'drafted' | undefined,
    'not_required' | 'pending' | 'drafted'
  >;
  opened_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  mitigating_at: NullableTimestamp;
  monitoring_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** Why an incident was escalated to the LEAD. */
export type EscalationReason = 'repeated_firing' | 'unacknowledged' | 'approval_timeout';

export interface IncidentEscalationTable {
  id: Generated<string>;
  incident_id: string;
  launch_id: string;
  reason: EscalationReason;
  to_role: string;
  dedup_key: string;
  at: Timestamp;
  detail: Json<Record<string, unknown>>;
}

export type ApprovalAction = 'rollback' | 'marketing_pause';
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired';
export type DecisionChannel = 'api' | 'cli' | 'slack' | 'link' | 'timeout';

export interface ApprovalTable {
  id: Generated<string>;
  launch_id: string;
  incident_id: string;
  action: ApprovalAction;
  state: ApprovalState;
  severity: Severity;
  evidence: Json<Record<string, unknown>>;
  proposed_at: Timestamp;
  deadline_at: Timestamp;
  on_timeout: 'escalate' | 'execute';
  decided_at: NullableTimestamp;
  decided_by: string | null;
  decided_via: DecisionChannel | null;
  reason: string | null;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface UsedNonceTable {
  nonce: string;
  purpose: string;
  used_at: Timestamp;
}

/** The incident tables, added to the database type with `withIncidentTables`. */
export type IncidentTables = {
  incidents: IncidentTable;
  incident_escalations: IncidentEscalationTable;
  approvals: ApprovalTable;
  used_nonces: UsedNonceTable;
};

export type IncidentRow = Selectable<IncidentTable>;
export type ApprovalRow = Selectable<ApprovalTable>;

/**
 * The executor typed with the incident tables as well.
 *
 * @example
 * await withIncidentTables(db).selectFrom('incidents').selectAll().execute();
 */
export function withIncidentTables(executor: DbExecutor) {
  return executor.withTables<IncidentTables>();
}

/**
 * Records a one-time nonce (a link token, a Slack request signature); false when it was used.
 *
 * @example
 * if (!(await useNonce(trx, clock.now(), `link:${tokenId}`, 'approval_link'))) throw new UserError(…);
 */
export async function useNonce(
  executor: DbExecutor,
  at: Date,
  nonce: string,
  purpose: string,
): Promise<boolean> {
  const inserted = await withIncidentTables(executor)
    .insertInto('used_nonces')
    .values({ nonce, purpose, used_at: at })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return inserted !== undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `id` can name a row (ids are UUIDs; anything else names nothing).
 *
 * @example
 * if (!isRowId(id)) throw new UserError('not_found', …, { status: 404 });
 */
export function isRowId(id: string): boolean {
  return uuidPattern.test(id);
}
