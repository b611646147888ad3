/**
 * What an incident does when its rollback run ends (called by whoever watches runbook runs —
 * the runbook executor or the drill): a PagerDuty change event ("rollback succeeded/failed"),
 * an audit entry, and on success the incident moves to monitoring (the product must now prove
 * it recovered before LAUNCH-001 clears).
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../store/database.ts';
import { advanceIncident, lockIncident } from './incident-lifecycle.ts';
import type { IncidentRow } from './incident-tables.ts';
import { queuePagerDutySync } from './pagerduty-sync.ts';

/** The end of a rollback run. */
export interface RollbackOutcome {
  incidentId: string;
  runId: string;
  state: 'succeeded' | 'failed' | 'escalated';
  /** e.g. "4 steps succeeded" or the failed step's error. */
  detail: string;
}

/**
 * Records the end of an incident's rollback run, once per run and state.
 *
 * @example
 * await recordRollbackOutcome(db, clock, { incidentId, runId, state: 'succeeded', detail: 'verify passed' });
 */
export async function recordRollbackOutcome(
  db: Db,
  clock: Clock,
  outcome: RollbackOutcome,
): Promise<IncidentRow> {
  return db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, outcome.incidentId);
    await recordAudit(trx, clock, {
      actor: 'system:runbook',
      action: `incident.rollback_${outcome.state}`,
      subjectType: 'incident',
      subjectId: incident.id,
      launchId: incident.launch_id,
      detail: { run_id: outcome.runId, detail: outcome.detail },
    });
    await queuePagerDutySync(trx, clock, {
      incidentId: incident.id,
      launchId: incident.launch_id,
      key: `change:rollback-${outcome.state}:${outcome.runId}`,
      action: 'change',
      summary: `Rollback ${outcome.state} (run ${outcome.runId}): ${outcome.detail}`,
      details: { run_id: outcome.runId, state: outcome.state },
    });
    if (outcome.state !== 'succeeded') return incident;
    return advanceIncident(trx, clock, incident, 'monitoring', {
      actor: 'system:runbook',
      reason: `rollback succeeded: ${outcome.detail}`,
      ifForward: true,
    });
  });
}
