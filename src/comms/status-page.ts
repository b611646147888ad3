/**
 * The built-in public status page of a venture, read from the database on every request (never
 * stale): components from the plan's monitors of its latest launch (status from the monitor and
 * the open incidents), the open incidents with their updates, and the incident history.
 */

import type { MonitorStatus } from '../metrics/monitors/monitor-status.ts';
import { loadMonitorStates, stateKey } from '../metrics/monitors/monitor-store.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import {
  type ComponentStatus,
  type IncidentImpact,
  severityImpact,
} from './channels/statuspage/statuspage-incident.ts';
import { commsDb, type IncidentSeverity, type IncidentStatus } from './comms-tables.ts';

/** One incident as the public sees it; updates newest first. */
export interface PublicIncident {
  id: string;
  name: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  impact: IncidentImpact;
  started_at: string;
  resolved_at: string | null;
  updates: Array<{ status: IncidentStatus; message: string; at: string }>;
}

/** The whole status page. */
export interface StatusPageView {
  venture: { id: string; name: string };
  status: { indicator: IncidentImpact; description: string };
  components: Array<{ id: string; name: string; status: ComponentStatus }>;
  incidents: PublicIncident[];
  history: PublicIncident[];
  generated_at: string;
}

const componentRank: ComponentStatus[] = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];
const monitorComponent: Record<MonitorStatus, ComponentStatus> = {
  up: 'operational',
  pending: 'degraded_performance',
  down: 'major_outage',
};
const indicatorOf: Record<ComponentStatus, IncidentImpact> = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
const descriptions: Record<IncidentImpact, string> = {
  none: 'All systems operational',
  minor: 'Degraded performance',
  major: 'Partial outage',
  critical: 'Major outage',
};
const historyLimit = 50;

/**
 * The status page of `ventureId` at `now`; undefined for an unknown venture.
 *
 * @example
 * const view = await loadStatusPage(db, 'acme-notes', clock.now());
 */
export async function loadStatusPage(
  executor: DbExecutor,
  ventureId: string,
  now: Date,
): Promise<StatusPageView | undefined> {
  const db = commsDb(executor);
  const venture = await db
    .selectFrom('ventures')
    .select(['id', 'name'])
    .where('id', '=', ventureId)
    .executeTakeFirst();
  if (!venture) return undefined;
  const incidents = await loadIncidents(executor, ventureId);
  const open = incidents.filter((i) => i.status !== 'resolved');
  const incidentLevel = worst(open.map((i) => severityImpact(i.severity).component));
  const components = (await monitorStatuses(executor, ventureId)).map((monitor) => ({
    id: monitor.id,
    name: monitor.id,
    status: worst([monitor.status, incidentLevel]),
  }));
  const indicator = indicatorOf[worst([incidentLevel, ...components.map((c) => c.status)])];
  return {
    venture,
    status: { indicator, description: descriptions[indicator] },
    components,
    incidents: open,
    history: incidents.filter((i) => i.status === 'resolved'),
    generated_at: now.toISOString(),
  };
}

function worst(statuses: ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>(
    (a, b) => (componentRank.indexOf(b) > componentRank.indexOf(a) ? b : a),
    'operational',
  );
}

/** The monitors of the venture's latest launch with their component status. */
async function monitorStatuses(executor: DbExecutor, ventureId: string) {
  const launch = await executor
    .selectFrom('launches')
    .select(['id', 'plan'])
    .where('venture_id', '=', ventureId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!launch) return [];
  const states = await loadMonitorStates(executor, [launch.id]);
  return ((launch.plan as LaunchPlan).monitors ?? []).map((monitor) => {
    const state = states.get(stateKey(launch.id, monitor.id));
    return { id: monitor.id, status: state ? monitorComponent[state.status] : 'operational' };
  });
}

async function loadIncidents(executor: DbExecutor, ventureId: string): Promise<PublicIncident[]> {
  const db = commsDb(executor);
  const rows = await db
    .selectFrom('comms_incidents')
    .selectAll()
    .where('venture_id', '=', ventureId)
    .orderBy('started_at', 'desc')
    .limit(historyLimit)
    .execute();
  if (rows.length === 0) return [];
  const updates = await db
    .selectFrom('comms_incident_updates')
    .select(['incident_id', 'status', 'message', 'at'])
    .where(
      'incident_id',
      'in',
      rows.map((r) => r.incident_id),
    )
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.incident_id,
    name: row.title,
    status: row.status,
    severity: row.severity,
    impact: severityImpact(row.severity).impact,
    started_at: new Date(row.started_at).toISOString(),
    resolved_at: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
    updates: updates
      .filter((u) => u.incident_id === row.incident_id)
      .map((u) => ({ status: u.status, message: u.message, at: new Date(u.at).toISOString() })),
  }));
}
