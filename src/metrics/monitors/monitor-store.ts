/**
 * Probe results and monitor states in PostgreSQL (migration 0004): `probe_results` holds one
 * compact row per probe; `monitor_states` the current status of each monitor of a launch.
 */
import type { ColumnType, Kysely } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import type { ProbeFailureReason, ProbeOutcome } from './monitor-spec.ts';
import type { MonitorState, MonitorStatus } from './monitor-status.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Tables of migration 0004. */
export type MonitorTables = {
  probe_results: {
    launch_id: string;
    monitor_id: string;
    at: Timestamp;
    status: MonitorStatus;
    latency_ms: number | null;
    reason: ProbeFailureReason | null;
    message: string | null;
  };
  monitor_states: {
    launch_id: string;
    monitor_id: string;
    status: MonitorStatus;
    consecutive_failures: number;
    since: Timestamp;
    last_probe_at: Timestamp;
    interval_ms: number;
  };
  monitor_scheduler_lease: {
    id: number;
    holder: string;
    expires_at: Timestamp;
  };
};

/** The database with the monitor tables. */
export type MonitorDb = Kysely<Database & MonitorTables>;

/** `db` (or a transaction) typed with the monitor tables. */
export function monitorDb(db: DbExecutor): MonitorDb {
  return db.withTables<MonitorTables>();
}

/** One probe's result and the monitor's state after it. */
export interface ProbeRecord {
  launchId: string;
  monitorId: string;
  at: Date;
  intervalMs: number;
  outcome: ProbeOutcome;
  state: MonitorState;
}

/** A stored probe result. */
export interface ProbeResult {
  monitorId: string;
  at: Date;
  status: MonitorStatus;
  latencyMs: number | null;
  reason: ProbeFailureReason | null;
  message: string | null;
}

/**
 * Stores a batch of probe results and the latest state of each monitor in them, in one
 * transaction. A result already stored (same launch, monitor and time) is kept as it was.
 *
 * @example
 * await recordProbeResults(db, [{ launchId, monitorId: 'home', at, intervalMs: 30_000, outcome, state }]);
 */
export async function recordProbeResults(
  db: DbExecutor,
  records: ReadonlyArray<ProbeRecord>,
): Promise<void> {
  if (records.length === 0) return;
  const latest = new Map<string, ProbeRecord>();
  for (const record of records) {
    const key = `${record.launchId}\u0000${record.monitorId}`;
    const seen = latest.get(key);
    if (!seen || seen.at <= record.at) latest.set(key, record);
  }
  const write = async (trx: MonitorDb) => {
    await trx
      .insertInto('probe_results')
      .values(records.map(toResultRow))
      .onConflict((oc) => oc.columns(['launch_id', 'monitor_id', 'at']).doNothing())
      .execute();
    await trx
      .insertInto('monitor_states')
      .values(
        [...latest.values()].map((r) => ({
          launch_id: r.launchId,
          monitor_id: r.monitorId,
          status: r.state.status,
          consecutive_failures: r.state.consecutiveFailures,
          since: r.state.since,
          last_probe_at: r.at,
          interval_ms: r.intervalMs,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['launch_id', 'monitor_id']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          consecutive_failures: eb.ref('excluded.consecutive_failures'),
          since: eb.ref('excluded.since'),
          last_probe_at: eb.ref('excluded.last_probe_at'),
          interval_ms: eb.ref('excluded.interval_ms'),
        })),
      )
      .execute();
  };
  if (db.isTransaction) await write(monitorDb(db));
  else await monitorDb(db).transaction().execute(write);
}

function toResultRow(record: ProbeRecord) {
  const { outcome } = record;
  return {
    launch_id: record.launchId,
    monitor_id: record.monitorId,
    at: record.at,
    status: record.state.status,
    latency_ms: outcome.latencyMs === null ? null : Math.round(outcome.latencyMs),
    reason: outcome.ok ? null : outcome.reason,
    message: outcome.ok ? null : outcome.message,
  };
}

/**
 * Current states of the monitors of `launchIds`, keyed `launchId/monitorId` (see `stateKey`).
 *
 * @example
 * const states = await loadMonitorStates(db, [launchId]);
 * states.get(stateKey(launchId, 'home'))?.status; // 'up'
 */
export async function loadMonitorStates(
  db: DbExecutor,
  launchIds: ReadonlyArray<string>,
): Promise<Map<string, MonitorState>> {
  if (launchIds.length === 0) return new Map();
  const rows = await monitorDb(db)
    .selectFrom('monitor_states')
    .select(['launch_id', 'monitor_id', 'status', 'consecutive_failures', 'since'])
    .where('launch_id', 'in', launchIds)
    .execute();
  return new Map(
    rows.map((row) => [
      stateKey(row.launch_id, row.monitor_id),
      {
        status: row.status,
        consecutiveFailures: row.consecutive_failures,
        since: new Date(row.since),
      },
    ]),
  );
}

/** The key of a monitor in maps of states. */
export function stateKey(launchId: string, monitorId: string): string {
  return `${launchId}/${monitorId}`;
}

/**
 * Probe results of a launch in `[from, to)`, oldest first (optionally of one monitor).
 *
 * @example
 * const results = await listProbeResults(db, { launchId, monitorId: 'home', from, to });
 */
export async function listProbeResults(
  db: DbExecutor,
  query: { launchId: string; monitorId?: string; from: Date; to: Date },
): Promise<ProbeResult[]> {
  let select = monitorDb(db)
    .selectFrom('probe_results')
    .select(['monitor_id', 'at', 'status', 'latency_ms', 'reason', 'message'])
    .where('launch_id', '=', query.launchId)
    .where('at', '>=', query.from)
    .where('at', '<', query.to);
  if (query.monitorId !== undefined) select = select.where('monitor_id', '=', query.monitorId);
  const rows = await select.orderBy('at').orderBy('monitor_id').execute();
  return rows.map((row) => ({
    monitorId: row.monitor_id,
    at: new Date(row.at),
    status: row.status,
    latencyMs: row.latency_ms,
    reason: row.reason,
    message: row.message,
  }));
}
