/**
 * Storing gate reports (newest wins): the readiness score is computed from the gates and the
 * sign-offs at save time, the report is audited and its automation tasks recorded in the same
 * transaction, and a score below 70 % warns the LEAD once per report.
 */
import { recordAudit } from '../../audit/audit-log.ts';
import { recordTask } from '../../automation/automation-ledger.ts';
import type { AutomationTask } from '../../automation/automation-tasks.ts';
import type { DbExecutor } from '../../store/database.ts';
import type { GateDeps } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import { type Gate, type GateReport, gateNames, signOffRoles } from './gate-model.ts';
import { gateDb } from './gate-tables.ts';
import { warnLead } from './lead-warning.ts';
import { readinessOf, readinessWarningScore } from './readiness-score.ts';

/**
 * Stores a report of `gates` (id `reportId`), with the tasks it performed, and warns the LEAD
 * when its readiness score is below 70 %.
 *
 * @example
 * const report = await saveGateReport(deps, launch, { reportId, gates, actor: 'system:launchcrew', tasks: ['entry_gates'] });
 */
export async function saveGateReport(
  deps: GateDeps,
  launch: GateLaunch,
  input: { reportId: string; gates: Gate[]; actor: string; tasks: AutomationTask[] },
): Promise<GateReport> {
  const gates = [...input.gates].sort(
    (a, b) => gateNames.indexOf(a.name) - gateNames.indexOf(b.name),
  );
  const report = await deps.db.transaction().execute(async (trx) => {
    const signed = await gateDb(trx)
      .selectFrom('readiness_signoffs')
      .select('role')
      .where('launch_id', '=', launch.id)
      .execute();
    const readiness = readinessOf(gates, { signed: signed.length, of: signOffRoles.length });
    const built: GateReport = {
      id: input.reportId,
      launchId: launch.id,
      evaluatedAt: deps.clock.now().toISOString(),
      actor: input.actor,
      gates,
      readiness,
      blocking: gates.some((g) => g.status === 'fail'),
    };
    await insertReport(trx, built);
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'gates.evaluate',
      subjectType: 'launch',
      subjectId: launch.id,
      launchId: launch.id,
      detail: {
        reportId: built.id,
        score: readiness.score,
        blocking: built.blocking,
        gates: Object.fromEntries(gates.map((g) => [g.name, g.status])),
      },
    });
    for (const task of input.tasks) {
      await recordTask(trx, deps.clock, {
        launchId: launch.id,
        task,
        subject: launch.id,
        mode: 'automatic',
        actor: input.actor,
        detail: { reportId: built.id },
      });
    }
    return built;
  });
  if (report.readiness.score >= readinessWarningScore) return report;
  report.leadWarning = await warnLead(deps, launch, report);
  await gateDb(deps.db)
    .updateTable('gate_reports')
    .set({ report: JSON.stringify(withoutId(report)) })
    .where('id', '=', report.id)
    .execute();
  return report;
}

/**
 * The newest gate report of a launch, or undefined when the gates were never evaluated.
 *
 * @example
 * const report = await latestGateReport(db, launchId);
 * if (report?.blocking) console.log('entry gates fail');
 */
export async function latestGateReport(
  db: DbExecutor,
  launchId: string,
): Promise<GateReport | undefined> {
  const row = await gateDb(db)
    .selectFrom('gate_reports')
    .select(['id', 'report'])
    .where('launch_id', '=', launchId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, ...row.report } : undefined;
}

async function insertReport(trx: DbExecutor, report: GateReport): Promise<void> {
  await gateDb(trx)
    .insertInto('gate_reports')
    .values({
      id: report.id,
      launch_id: report.launchId,
      evaluated_at: report.evaluatedAt,
      actor: report.actor,
      score: report.readiness.score,
      blocking: report.blocking,
      report: JSON.stringify(withoutId(report)),
    })
    .execute();
}

function withoutId(report: GateReport): Omit<GateReport, 'id'> {
  const { id: _id, ...rest } = report;
  return rest;
}
