/**
 * The `activations` and `activation_checks` tables (migration 0011), the typed executor that has
 * them, and the reads shared by the schedule, the jobs, the API and the dashboard.
 */
import type { ColumnType, Selectable } from 'kysely';
import { findLaunchRow } from '../launch/launch-service.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import type { ActivationHandle } from './activation-connector.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Where an activation is: waiting, held at the vendor, going out, out, or stopped. */
export type ActivationState =
  | 'scheduled'
  | 'armed'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'cancelled'
  | 'paused';

/** The states a pause can be lifted back to. */
export type PausableState = 'scheduled' | 'armed' | 'sent';

/** The activation tables, added to the database type with `activationsDb`. */
export type ActivationTables = {
  activations: {
    launch_id: string;
    activation_id: string;
    channel: string;
    connector_id: string | null;
    due_at: Timestamp;
    state: ActivationState;
    paused_from: PausableState | null;
    delivery_key: string;
    handle: ColumnType<ActivationHandle | null, string | null, string | null>;
    control_count: ColumnType<number, number | undefined, number>;
    paused_at: NullableTimestamp;
    sent_at: NullableTimestamp;
    error: string | null;
    updated_at: Timestamp;
  };
  activation_checks: {
    launch_id: string;
    status: 'ok' | 'warn';
    reasons: Json<string[]>;
    figures: Json<Record<string, number | null>>;
    checked_at: Timestamp;
  };
};

/** One stored activation. */
export type ActivationRow = Selectable<ActivationTables['activations']>;

/**
 * `executor` typed with the activation tables as well.
 *
 * @example
 * await activationsDb(db).selectFrom('activations').selectAll().execute();
 */
export function activationsDb(executor: DbExecutor) {
  return executor.withTables<ActivationTables>();
}

/**
 * The delivery-ledger key of an activation's send (also the vendor's idempotency key).
 *
 * @example
 * activationDeliveryKey('3f…', 'email_t0'); // 'activation:3f…:email_t0'
 */
export function activationDeliveryKey(launchId: string, activationId: string): string {
  return `activation:${launchId}:${activationId}`;
}

/** An activation as the API, CLI and dashboard show it. */
export interface ActivationView {
  id: string;
  channel: string;
  /** The plan connector that sends it; null for a manual timeline task. */
  connector: string | null;
  /** True when a person does it (no connector, and not the in-app banner). */
  manual: boolean;
  dueAt: string;
  state: ActivationState;
  handle: { vendor: string; id: string } | null;
  error: string | null;
  sentAt: string | null;
  pausedAt: string | null;
}

/**
 * True when LaunchCrew does not send the activation itself: no connector, and not the in-app
 * banner (which LaunchCrew sets).
 *
 * @example
 * isManualActivation({ connector_id: null, channel: 'press' }); // true
 */
export function isManualActivation(row: Pick<ActivationRow, 'connector_id' | 'channel'>): boolean {
  return row.connector_id === null && row.channel !== 'in_app_banner';
}

/**
 * The activations of a launch in due order (for the dashboard, the API and the CLI).
 *
 * @example
 * const activations = await listActivations(db, launchId); // [{ id: 'email_t0', state: 'sent', … }]
 */
export async function listActivations(
  executor: DbExecutor,
  launchId: string,
): Promise<ActivationView[]> {
  const rows = await activationsDb(executor)
    .selectFrom('activations')
    .selectAll()
    .where('launch_id', '=', launchId)
    .orderBy('due_at')
    .orderBy('activation_id')
    .execute();
  return rows.map((row) => ({
    id: row.activation_id,
    channel: row.channel,
    connector: row.connector_id,
    manual: isManualActivation(row),
    dueAt: new Date(row.due_at).toISOString(),
    state: row.state,
    handle: row.handle ? { vendor: row.handle.vendor, id: row.handle.id } : null,
    error: row.error,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    pausedAt: row.paused_at ? new Date(row.paused_at).toISOString() : null,
  }));
}

/** A launch as the activation jobs need it. */
export interface ActivationLaunch {
  id: string;
  ventureId: string;
  ventureName: string;
  state: string;
  t0: Date;
  liveAt: Date | null;
  endedAt: Date | null;
  plan: LaunchPlan;
}

/**
 * Loads a launch with its venture name and plan; 404 `UserError` when there is none.
 *
 * @example
 * const launch = await loadActivationLaunch(db, launchId);
 */
export async function loadActivationLaunch(
  executor: DbExecutor,
  launchId: string,
): Promise<ActivationLaunch> {
  const row = await findLaunchRow(executor, launchId);
  return {
    id: row.id,
    ventureId: row.venture_id,
    ventureName: row.venture_name,
    state: row.state,
    t0: new Date(row.t0),
    liveAt: row.live_at ? new Date(row.live_at) : null,
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    plan: row.plan as LaunchPlan,
  };
}
