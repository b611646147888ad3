/**
 * How a launch ends after it went live (SPEC §1 31.3, §3 LAUNCH-004): when LAUNCH-004 fires and
 * the exit gates pass it succeeds (handoff to Stage 32, success announcements); when they do not
 * pass yet, it is checked again at the end of monitoring and then daily. Not succeeded by the
 * success deadline (T0 + 14 days), the LEAD decides: extend, pivot or unsuccessful.
 */
import { sql } from 'kysely';
import { recordAudit } from '../audit/audit-log.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import { launchSuccessJob } from '../comms/launch-success.ts';
import { cancelScheduledWork, scheduleWork } from '../jobs/due-work.ts';
import type { JobContext } from '../jobs/job-kind.ts';
import { UserError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import type { TriggerEventHandler } from '../triggers/trigger-event.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { minutesWaitingSince } from './go-no-go.ts';
import { launchCollaborators } from './launch-collaborators.ts';
import { findLaunchRow, requireReason } from './launch-service.ts';
import { moveLaunch, requireState } from './launch-transition.ts';
import { type LaunchView, terminalStates, toLaunchView } from './launch-view.ts';
import { launchMilestoneJob, scheduleMilestone } from './milestone-job.ts';

const day = 86_400_000;
const outcomeRequested = 'launch.outcome_requested';

/**
 * The trigger-event handler of LAUNCH-004: a firing checks the exit gates and ends the launch
 * `succeeded` when they pass.
 *
 * @example
 * export const triggerEventHandlers = [alertRouter, incidentOpener, launchSuccessHandler];
 */
export const launchSuccessHandler: TriggerEventHandler = {
  name: 'launch-success',
  async handle(event, { db, clock }) {
    if (event.triggerId !== 'LAUNCH-004' || event.state !== 'firing') return;
    await checkLaunchSuccess(db, clock, event.launchId);
  },
};

/**
 * Checks the exit gates of a monitored launch: passed → `succeeded`, with the Stage 32 handoff
 * and the success announcements enqueued; not passed → audited with the result, and checked
 * again later (at the end of monitoring, then daily until the success deadline).
 *
 * @example
 * const succeeded = await checkLaunchSuccess(db, clock, launchId);
 */
export async function checkLaunchSuccess(db: Db, clock: Clock, launchId: string): Promise<boolean> {
  if ((await findLaunchRow(db, launchId)).state !== 'monitoring') return false;
  const collaborators = launchCollaborators();
  const exitGates = await collaborators.evaluateExitGates(db, clock, launchId);
  return db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    if (launch.state !== 'monitoring') return false;
    const now = clock.now();
    if (!exitGates.passed) {
      await recordAudit(trx, clock, {
        actor: 'system:launch',
        action: 'launch.success_pending',
        subjectType: 'launch',
        subjectId: launchId,
        launchId,
        detail: { why: 'LAUNCH-004 fired but the exit gates did not pass', exit_gates: exitGates },
      });
      const monitoringEndPending = await trx
        .selectFrom('scheduled_work')
        .select('id')
        .where('launch_id', '=', launchId)
        .where('job', '=', launchMilestoneJob.name)
        .where('released_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where(sql<boolean>`data->>'milestone' = 'monitoring_end'`)
        .executeTakeFirst();
      const next = new Date(now.getTime() + day);
      if (!monitoringEndPending && launch.success_deadline && next < launch.success_deadline) {
        await scheduleMilestone(trx, clock, {
          launchId,
          milestone: 'success_check',
          t0: launch.t0,
          dueAt: next,
        });
      }
      return false;
    }
    await moveLaunch(trx, clock, launch, {
      to: 'succeeded',
      actor: 'system:launch',
      action: 'launch.succeeded',
      endReason: 'LAUNCH-004 fired and the exit gates passed',
      detail: { exit_gates: exitGates },
    });
    await scheduleWork(trx, clock, {
      kind: collaborators.handoffJob,
      data: { launchId },
      dueAt: now,
      dedupKey: `launch:${launchId}:handoff`,
      launchId,
    });
    await scheduleWork(trx, clock, {
      kind: launchSuccessJob,
      data: { launchId, validatedAt: now.toISOString() },
      dueAt: now,
      dedupKey: `launch:${launchId}:success-announcements`,
      launchId,
    });
    return true;
  });
}

/**
 * The `monitoring_end` and `success_check` reaction: checks success again when LAUNCH-004 has
 * fired.
 *
 * @example
 * await recheckSuccess(launchId, context);
 */
export async function recheckSuccess(launchId: string, context: JobContext): Promise<void> {
  const fired = await withTriggerTables(context.db)
    .selectFrom('trigger_rule_states')
    .select('rule_id')
    .where('launch_id', '=', launchId)
    .where('rule_id', 'like', 'LAUNCH-004%')
    .where('fire_count', '>', 0)
    .executeTakeFirst();
  if (fired) await checkLaunchSuccess(context.db, context.clock, launchId);
}

/**
 * The `success_deadline` reaction: a launch that has not succeeded asks the LEAD to extend,
 * pivot or end it (`requestOutcomeDecision` audits `launch.outcome_requested`).
 *
 * @example
 * await checkOutcomeDeadline(launchId, context);
 */
export async function checkOutcomeDeadline(launchId: string, context: JobContext): Promise<void> {
  const { db, clock } = context;
  await db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    if (terminalStates.has(launch.state)) return;
    await launchCollaborators().requestOutcomeDecision(trx, clock, launchId);
  });
}

/** The LEAD's decision on a launch that did not succeed by its deadline. */
export interface OutcomeDecision {
  launchId: string;
  actor: string;
  decision: 'extend' | 'pivot' | 'unsuccessful';
  /** The new success deadline (extend). */
  until?: Date | undefined;
  reason: string;
}

/**
 * Records the LEAD's outcome decision: `extend` moves the success deadline to `until` (its
 * milestone too); `pivot` and `unsuccessful` end the launch `unsuccessful` (the end reason says
 * which), cancelling its activations and pending work.
 *
 * @example
 * await decideOutcome({ db, clock }, { launchId, actor: 'token:ana', decision: 'extend', until, reason: 'slow B2B cycle' });
 */
export async function decideOutcome(
  deps: { db: Db; clock: Clock },
  input: OutcomeDecision,
): Promise<LaunchView> {
  const reason = requireReason(input.reason);
  return deps.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, input.launchId, { lock: true });
    requireState(launch, ['executing', 'monitoring'], `decide the outcome (${input.decision})`);
    const now = deps.clock.now();
    const subject = `${launch.id}:${launch.success_deadline?.toISOString() ?? 'none'}`;
    const humanMinutes = (await minutesWaitingSince(trx, launch.id, outcomeRequested, now)) + 1;
    if (input.decision === 'extend') {
      const until = input.until;
      if (!until || Number.isNaN(until.getTime()) || until <= now) {
        throw new UserError('invalid_request', 'extend needs `until`, a time in the future', {
          path: ['until'],
        });
      }
      await trx
        .updateTable('launches')
        .set({ success_deadline: until, updated_at: now })
        .where('id', '=', launch.id)
        .execute();
      await scheduleMilestone(trx, deps.clock, {
        launchId: launch.id,
        milestone: 'success_deadline',
        t0: launch.t0,
        dueAt: until,
      });
      await recordAudit(trx, deps.clock, {
        actor: input.actor,
        action: 'launch.outcome_extend',
        subjectType: 'launch',
        subjectId: launch.id,
        launchId: launch.id,
        detail: { from: launch.success_deadline, until: until.toISOString(), reason },
      });
    } else {
      // Pending work first: cancelling an armed activation schedules its vendor call.
      const cancelledWork = await cancelScheduledWork(trx, deps.clock, launch.id);
      await launchCollaborators().cancelActivations(trx, deps.clock, {
        launchId: launch.id,
        actor: input.actor,
        reason,
      });
      await moveLaunch(trx, deps.clock, launch, {
        to: 'unsuccessful',
        actor: input.actor,
        action: `launch.outcome_${input.decision}`,
        endReason: `${input.decision}: ${reason}`,
        detail: { cancelledWork },
      });
    }
    await recordTask(trx, deps.clock, {
      launchId: launch.id,
      task: 'outcome_decision',
      subject,
      mode: 'human',
      humanMinutes,
      actor: input.actor,
      detail: { decision: input.decision },
    });
    return toLaunchView(await findLaunchRow(trx, launch.id));
  });
}
