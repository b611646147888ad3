import { sql } from 'kysely';
import type { DbExecutor } from '../store/database.ts';
import type { TriggerSummary, TriggerSummaryProvider } from './report-dependencies.ts';

/**
 * Trigger states for reports from the trigger engine's evaluation history: for each rule of the
 * launch, its state at the last evaluation up to `at` (so a retried report shows the same), and
 * since when it has been in that state. Only pending and firing rules are listed.
 *
 * @example
 * setReportDependencies({ metrics, sender, triggerStates: triggerStatesFromEvaluations(db) });
 */
export function triggerStatesFromEvaluations(db: DbExecutor): TriggerSummaryProvider {
  return async (launchId, at) => {
    const { rows } = await sql<{
      rule_id: string;
      state: TriggerSummary['state'];
      reason: string;
      since: Date;
    }>`
      WITH latest AS (
        SELECT DISTINCT ON (rule_id) rule_id, state, reason
        FROM trigger_evaluations
        WHERE launch_id = ${launchId}::uuid AND at <= ${at.toISOString()}::timestamptz
        ORDER BY rule_id, at DESC, id DESC
      )
      SELECT l.rule_id, l.state, l.reason,
        (SELECT min(e.at) FROM trigger_evaluations e
          WHERE e.launch_id = ${launchId}::uuid AND e.rule_id = l.rule_id
            AND e.at <= ${at.toISOString()}::timestamptz
            AND e.at > coalesce((
              SELECT max(x.at) FROM trigger_evaluations x
              WHERE x.launch_id = ${launchId}::uuid AND x.rule_id = l.rule_id
                AND x.at <= ${at.toISOString()}::timestamptz AND x.state <> l.state
            ), '-infinity'::timestamptz)) AS since
      FROM latest l
      WHERE l.state <> 'inactive'
      ORDER BY l.rule_id
    `.execute(db);
    return rows.map((row) => ({
      triggerId: row.rule_id,
      state: row.state,
      since: new Date(row.since).toISOString(),
      detail: row.reason,
    }));
  };
}
