/** Reads an incident's public record and builds what templates see (`CommsModel`). */
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import { commsDb } from './comms-tables.ts';
import { type CommsModel, statusLabel } from './comms-templates.ts';

/** An incident's comms record with its launch's plan and venture. */
export interface CommsIncident {
  model: CommsModel;
  launchId: string;
  plan: LaunchPlan;
  statuspageIncidentId: string | null;
}

/**
 * Loads incident `incidentId` as of its latest update; undefined when it was never published.
 *
 * @example
 * const incident = await loadCommsIncident(db, incidentId);
 */
export async function loadCommsIncident(
  executor: DbExecutor,
  incidentId: string,
): Promise<CommsIncident | undefined> {
  const db = commsDb(executor);
  const row = await db
    .selectFrom('comms_incidents')
    .innerJoin('launches', 'launches.id', 'comms_incidents.launch_id')
    .innerJoin('ventures', 'ventures.id', 'comms_incidents.venture_id')
    .selectAll('comms_incidents')
    .select(['launches.plan', 'ventures.name as venture_name'])
    .where('comms_incidents.incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!row) return undefined;
  const updates = await db
    .selectFrom('comms_incident_updates')
    .select(['status', 'message', 'at'])
    .where('incident_id', '=', incidentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const latest = updates.at(-1);
  const startedAt = new Date(row.started_at);
  const resolvedAt = row.resolved_at ? new Date(row.resolved_at) : null;
  return {
    launchId: row.launch_id,
    plan: row.plan as LaunchPlan,
    statuspageIncidentId: row.statuspage_incident_id,
    model: {
      venture: { id: row.venture_id, name: row.venture_name },
      incident: {
        id: row.incident_id,
        title: row.title,
        status: row.status,
        status_label: statusLabel(row.status),
        severity: row.severity,
        message: latest?.message ?? '',
        started_at: startedAt.toISOString(),
        resolved_at: resolvedAt?.toISOString() ?? '',
        duration_minutes: resolvedAt
          ? Math.round((resolvedAt.getTime() - startedAt.getTime()) / 60_000)
          : 0,
      },
      updates: updates.map((u) => ({
        status: u.status,
        status_label: statusLabel(u.status),
        message: u.message,
        at: new Date(u.at).toISOString(),
      })),
    },
  };
}
