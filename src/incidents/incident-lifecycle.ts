/**
 * The incident state machine: triggered → acknowledged → mitigating → monitoring → resolved,
 * forward only (a step may be skipped: a rollback approval moves a triggered incident straight to
 * mitigating). Resolving a P0/P1 incident leaves its post-mortem pending.
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { incidentDependencies } from './incident-dependencies.ts';
import {
  type IncidentRow,
  type IncidentState,
  incidentStates,
  isRowId,
  withIncidentTables,
} from './incident-tables.ts';
import { queuePagerDutySync } from './pagerduty-sync.ts';

const stamp: Partial<
  Record<IncidentState, 'acknowledged_at' | 'mitigating_at' | 'monitoring_at' | 'resolved_at'>
> = {
  acknowledged: 'acknowledged_at',
  mitigating: 'mitigating_at',
  monitoring: 'monitoring_at',
  resolved: 'resolved_at',
};

const publicStatus = {
  triggered: 'investigating',
  acknowledged: 'investigating',
  mitigating: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
} as const;

/**
 * Whether `to` is a forward step from `from`.
 *
 * @example
 * isForward('triggered', 'mitigating'); // true
 */
export function isForward(from: IncidentState, to: IncidentState): boolean {
  return incidentStates.indexOf(to) > incidentStates.indexOf(from);
}

/**
 * Reads an incident for update inside `trx`; 404 when it does not exist.
 *
 * @example
 * const incident = await lockIncident(trx, id);
 */
export async function lockIncident(trx: DbExecutor, incidentId: string): Promise<IncidentRow> {
  const row = !isRowId(incidentId)
    ? undefined
    : await withIncidentTables(trx)
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', incidentId)
        .forUpdate()
        .executeTakeFirst();
  if (!row) {
    throw new UserError('not_found', `incident ${incidentId} does not exist`, {
      status: 404,
      path: ['id'],
    });
  }
  return row;
}

/**
 * Moves an incident forward to `to` inside `trx`: stamps the time (leaving `triggered` counts
 * as acknowledged, which stops escalation), audits, publishes the status update and queues the
 * PagerDuty acknowledge (leaving `triggered`) or resolve. A move that is not forward is a 409 unless `ifForward` (then it does nothing).
 *
 * @example
 * await advanceIncident(trx, clock, incident, 'mitigating', { actor: 'token:ana', reason: 'rollback approved' });
 */
export async function advanceIncident(
  trx: DbExecutor,
  clock: Clock,
  incident: IncidentRow,
  to: IncidentState,
  options: { actor: string; reason: string; ifForward?: boolean },
): Promise<IncidentRow> {
  if (!isForward(incident.state, to)) {
    if (options.ifForward) return incident;
    throw new UserError(
      'invalid_transition',
      `incident is ${incident.state}; cannot move to ${to}`,
      {
        status: 409,
        path: ['state'],
      },
    );
  }
  const now = clock.now();
  const column = stamp[to];
  const updated = await withIncidentTables(trx)
    .updateTable('incidents')
    .set({
      state: to,
      updated_at: now,
      ...(column ? { [column]: now } : {}),
      ...(incident.state === 'triggered'
        ? { acknowledged_at: now, acknowledged_by: options.actor }
        : {}),
      ...(to === 'resolved' && (incident.severity === 'P0' || incident.severity === 'P1')
        ? { postmortem: 'pending' as const }
        : {}),
    })
    .where('id', '=', incident.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, clock, {
    actor: options.actor,
    action: `incident.${to}`,
    subjectType: 'incident',
    subjectId: incident.id,
    launchId: incident.launch_id,
    detail: { from: incident.state, to, reason: options.reason },
  });
  const pagerDutyAction =
    to === 'resolved' ? 'resolve' : incident.state === 'triggered' ? 'acknowledge' : undefined;
  if (pagerDutyAction) {
    await queuePagerDutySync(trx, clock, {
      incidentId: incident.id,
      launchId: incident.launch_id,
      key: pagerDutyAction,
      action: pagerDutyAction,
    });
  }
  if (publicStatus[to] !== publicStatus[incident.state]) {
    await incidentDependencies().publishIncidentUpdate(trx, {
      launchId: incident.launch_id,
      incidentId: incident.id,
      status: publicStatus[to],
      severity: updated.severity,
      message: options.reason,
    });
  }
  return updated;
}
