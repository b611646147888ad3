/**
 * Go/No-Go (SPEC §1 31.1): at the freeze the entry gates run and the LEAD is asked for a go with
 * the evidence in front of them; the LEAD decides (overriding failing gates only with a reason)
 * or postpones (postpone.ts). A go schedules the marketing activations.
 */
import { recordAudit } from '../audit/audit-log.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import type { JobContext } from '../jobs/job-kind.ts';
import { UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import { scheduleDeploy } from './deploy.ts';
import { type GateReportSummary, launchCollaborators } from './launch-collaborators.ts';
import { findLaunchRow, requireReason } from './launch-service.ts';
import { moveLaunch, requireState } from './launch-transition.ts';
import { type LaunchView, toLaunchView } from './launch-view.ts';
import { messageLead } from './lead-message.ts';

const goRequested = 'launch.go_requested';

/**
 * The `freeze_start` reaction: runs the entry gates, moves the launch to `awaiting_go_no_go` and
 * asks the LEAD for a go (once per T0), unless a go was already given.
 *
 * @example
 * await prepareAtFreeze(launchId, context);
 */
export async function prepareAtFreeze(launchId: string, context: JobContext): Promise<void> {
  const { db, clock } = context;
  const before = await findLaunchRow(db, launchId);
  if (before.state !== 'preparing' && before.state !== 'awaiting_go_no_go') return;
  const collaborators = launchCollaborators();
  const report = await collaborators.prepareLaunch({ db, clock, env: collaborators.env }, launchId);
  const t0 = new Date(before.t0).toISOString();
  const request = await db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    if (launch.go_decided_at || new Date(launch.t0).toISOString() !== t0) return false;
    if (launch.state === 'preparing') {
      await moveLaunch(trx, clock, launch, {
        to: 'awaiting_go_no_go',
        actor: 'system',
        action: 'launch.awaiting_go_no_go',
        detail: { readiness: report.readiness.score, blocking: report.blocking },
      });
    }
    if (launch.state !== 'preparing' && launch.state !== 'awaiting_go_no_go') return false;
    const subjectId = `${launchId}:${t0}`;
    const already = await trx
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', goRequested)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    if (!already) {
      await recordAudit(trx, clock, {
        actor: 'system',
        action: goRequested,
        subjectType: 'launch',
        subjectId,
        launchId,
        detail: { t0, ...evidenceOf(report) },
      });
    }
    return true;
  });
  if (!request) return;
  await messageLead(context, {
    launchId,
    key: `launch:${launchId}:go-request:${t0}`,
    title: `${before.venture_name}: go/no-go for T0 ${t0}`,
    text: goRequestText(report, launchId),
  });
}

/** A go decision of the LEAD. */
export interface GoDecision {
  launchId: string;
  actor: string;
  decision: 'go';
  /** Required when the entry gates block (or never ran). */
  overrideReason?: string | undefined;
}

/**
 * Records the LEAD's go: allowed while preparing or awaiting the decision; when the latest gate
 * report blocks (or there is none) an override reason is required (409 naming the failing gates
 * otherwise). Schedules the activations in the same transaction, and the deploy at once when T0
 * has already passed.
 *
 * @example
 * await decideGoNoGo({ db, clock }, { launchId, actor: 'token:ana', decision: 'go' });
 */
export async function decideGoNoGo(
  deps: { db: Db; clock: Clock },
  input: GoDecision,
): Promise<LaunchView> {
  const collaborators = launchCollaborators();
  const overrideReason =
    input.overrideReason === undefined ? undefined : requireReason(input.overrideReason);
  return deps.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, input.launchId, { lock: true });
    requireState(launch, ['preparing', 'awaiting_go_no_go'], 'decide go');
    if (launch.go_decided_at) {
      throw new UserError(
        'conflict',
        `launch ${launch.id} already has a go (by ${launch.go_decided_by})`,
        { status: 409 },
      );
    }
    const report = await collaborators.latestGateReport(trx, launch.id);
    if ((!report || report.blocking) && !overrideReason) {
      const failing = report ? failingGates(report) : [];
      throw new UserError(
        'gates_blocking',
        report
          ? `entry gates block the go (${failing.join(', ') || 'blocking'}); give an override_reason to go anyway`
          : 'the entry gates have not run yet; give an override_reason to go anyway',
        { status: 409, path: ['override_reason'] },
      );
    }
    const now = deps.clock.now();
    await trx
      .updateTable('launches')
      .set({
        go_decided_at: now,
        go_decided_by: input.actor,
        go_override_reason: overrideReason ?? null,
        updated_at: now,
      })
      .where('id', '=', launch.id)
      .execute();
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'launch.go',
      subjectType: 'launch',
      subjectId: launch.id,
      launchId: launch.id,
      detail: {
        t0: new Date(launch.t0).toISOString(),
        ...(report ? evidenceOf(report) : { gates: null }),
        ...(overrideReason ? { override_reason: overrideReason } : {}),
      },
    });
    await recordTask(trx, deps.clock, {
      launchId: launch.id,
      task: 'go_no_go',
      subject: `${launch.id}:${new Date(launch.t0).toISOString()}`,
      mode: 'human',
      humanMinutes: (await minutesWaitingSince(trx, launch.id, goRequested, now)) + 1,
      actor: input.actor,
    });
    await collaborators.scheduleActivations(trx, deps.clock, launch.id);
    if (now >= new Date(launch.t0)) await scheduleDeploy(trx, deps.clock, launch);
    return toLaunchView(await findLaunchRow(trx, launch.id));
  });
}

/**
 * Minutes from the latest audit entry `action` of a launch (a request) to `now`; 0 without one.
 *
 * @example
 * const waited = await minutesWaitingSince(trx, launchId, 'launch.go_requested', clock.now());
 */
export async function minutesWaitingSince(
  executor: DbExecutor,
  launchId: string,
  action: string,
  now: Date,
): Promise<number> {
  const request = await executor
    .selectFrom('audit_log')
    .select('at')
    .where('launch_id', '=', launchId)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return request ? Math.max(0, (now.getTime() - new Date(request.at).getTime()) / 60_000) : 0;
}

function failingGates(report: GateReportSummary): string[] {
  return report.gates.filter((gate) => gate.status === 'fail').map((gate) => gate.name);
}

function evidenceOf(report: GateReportSummary) {
  return {
    readiness: report.readiness.score,
    blocking: report.blocking,
    gates: report.gates.map((gate) => ({ name: gate.name, status: gate.status })),
  };
}

function goRequestText(report: GateReportSummary, launchId: string): string {
  const gates = report.gates.map((gate) => `• ${gate.name}: ${gate.status}`).join('\n');
  return [
    `Readiness ${report.readiness.score} %${report.blocking ? ' — entry gates BLOCK the go' : ''}.`,
    gates,
    `Decide: launchcrew launch go ${launchId} (or postpone).`,
  ].join('\n');
}
