/** Tables of incident communications (migration 0009) and the typed executor that has them. */
import type { ColumnType, Generated } from 'kysely';
import type { incidentSeverities, incidentStatuses } from '../plan/sections/communications.ts';
import type { DbExecutor } from '../store/database.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** Public status of an incident (Statuspage's vocabulary). */
export type IncidentStatus = (typeof incidentStatuses)[number];
/** Severity of an incident (SPEC §3). */
export type IncidentSeverity = (typeof incidentSeverities)[number];
/** How loud the in-app banner is. */
export type BannerLevel = 'info' | 'warning' | 'critical';

/** The comms tables, added to the database type with `commsDb`. */
export type CommsTables = {
  comms_incidents: {
    incident_id: string;
    launch_id: string;
    venture_id: string;
    title: string;
    severity: IncidentSeverity;
    status: IncidentStatus;
    started_at: Timestamp;
    updated_at: Timestamp;
    resolved_at: NullableTimestamp;
    statuspage_incident_id: string | null;
  };
  comms_incident_updates: {
    id: Generated<string>;
    incident_id: string;
    status: IncidentStatus;
    severity: IncidentSeverity;
    message: string;
    at: Timestamp;
  };
  comms_banners: {
    venture_id: string;
    active: boolean;
    level: BannerLevel;
    message: string;
    incident_id: string | null;
    severity: IncidentSeverity | null;
    status: IncidentStatus | null;
    updated_at: Timestamp;
  };
};

/**
 * `executor` typed with the comms tables as well.
 *
 * @example
 * await commsDb(db).selectFrom('comms_banners').selectAll().execute();
 */
export function commsDb(executor: DbExecutor) {
  return executor.withTables<CommsTables>();
}
