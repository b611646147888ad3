import { sql } from 'kysely';
import type { RunbookFinishedHandler } from '../runbooks/runbook-finished.ts';
import { withIncidentTables } from './incident-tables.ts';
import { recordRollbackOutcome } from './rollback-outcome.ts';

/**
 * When a rollback run ends, records the outcome on the incident whose approval started it
 * (PagerDuty change event, audit, and on success the incident moves to monitoring). Runs not
 * started by an approval (a drill records its own outcome) are left alone.
 *
 * @example
 * export const runbookFinishedJob = defineRunbookFinishedJob([rollbackOutcomeHandler]);
 */
export const rollbackOutcomeHandler: RunbookFinishedHandler = {
  name: 'incident-rollback-outcome',
  async handle(event, { db, clock }) {
    if (event.runbookId !== 'rollback') return;
    const approval = await withIncidentTables(db)
      .selectFrom('approvals')
      .select('incident_id')
      .where(sql<boolean>`result->>'runId' = ${event.runId}`)
      .executeTakeFirst();
    if (!approval) return;
    await recordRollbackOutcome(db, clock, {
      incidentId: approval.incident_id,
      runId: event.runId,
      state: event.state,
      detail: event.detail,
    });
  },
};
