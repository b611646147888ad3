/**
 * Postponement (SPEC §1 31.1): the LEAD moves T0 to a later date when the entry gates fail. The
 * activations are cancelled, the go (if any) is cleared, the timeline is scheduled again for the
 * new T0 (milestones of the old T0 do nothing) and the reports move with it.
 */
import { sql } from 'kysely';
import { postponedPrefix } from '../activation/activation-schedule.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import { publicHolidaysOn } from '../plan/checks/public-holiday.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { isoDateOf, localDateTimeIn } from '../plan/time.ts';
import { reportSendJob } from '../reports/report-job.ts';
import { UserError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import { minutesWaitingSince } from './go-no-go.ts';
import { launchCollaborators } from './launch-collaborators.ts';
import { findLaunchRow, requireReason } from './launch-service.ts';
import { moveLaunch, requireState } from './launch-transition.ts';
import { type LaunchView, toLaunchView } from './launch-view.ts';
import { launchMilestoneJob, scheduleTimeline, successDeadlineDays } from './milestone-job.ts';
import { getParameters } from './parameter-overrides.ts';

/** A postponement by the LEAD. */
export interface Postponement {
  launchId: string;
  actor: string;
  t0: Date;
  reason: string;
}

/**
 * Moves T0 of a launch that has not started executing to `t0` (in the future), back to
 * `preparing`: activations cancelled, go cleared, milestones rescheduled, reports shifted,
 * audited and counted as a `postponement` task. Warns when the new date is a public holiday in
 * the venture's market.
 *
 * @example
 * const { launch, warnings } = await postponeLaunch({ db, clock }, { launchId, actor, t0, reason });
 */
export async function postponeLaunch(
  deps: { db: Db; clock: Clock },
  input: Postponement,
): Promise<{ launch: LaunchView; warnings: string[] }> {
  const reason = requireReason(input.reason);
  const t0 = input.t0;
  return deps.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, input.launchId, { lock: true });
    requireState(launch, ['preparing', 'awaiting_go_no_go'], 'postpone');
    const now = deps.clock.now();
    if (Number.isNaN(t0.getTime()) || t0 <= now) {
      throw new UserError('invalid_request', 't0 must be a time in the future', { path: ['t0'] });
    }
    const oldT0 = new Date(launch.t0);
    const parameters = Object.fromEntries(
      (await getParameters(trx, launch.id)).map((p) => [p.name, p.value]),
    );
    await launchCollaborators().cancelActivations(trx, deps.clock, {
      launchId: launch.id,
      actor: input.actor,
      reason: `${postponedPrefix}${reason}`,
    });
    await trx
      .updateTable('scheduled_work')
      .set({ cancelled_at: now })
      .where('launch_id', '=', launch.id)
      .where('job', '=', launchMilestoneJob.name)
      .where('released_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const shiftMs = t0.getTime() - oldT0.getTime();
    await trx
      .updateTable('scheduled_work')
      .set({ due_at: sql`due_at + ${`${shiftMs} milliseconds`}::interval` })
      .where('launch_id', '=', launch.id)
      .where('job', '=', reportSendJob.name)
      .where('released_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    await trx
      .updateTable('launches')
      .set({
        t0,
        go_decided_at: null,
        go_decided_by: null,
        go_override_reason: null,
        success_deadline: new Date(t0.getTime() + successDeadlineDays * 86_400_000),
      })
      .where('id', '=', launch.id)
      .execute();
    await scheduleTimeline(trx, deps.clock, {
      launchId: launch.id,
      t0,
      freezeHours: Number(parameters.pre_launch_freeze),
      monitoringDays: Number(parameters.post_launch_monitoring),
    });
    const warnings = holidayWarnings(launch.plan as LaunchPlan, t0);
    await moveLaunch(trx, deps.clock, launch, {
      to: 'preparing',
      actor: input.actor,
      action: 'launch.postpone',
      detail: {
        old_t0: oldT0.toISOString(),
        new_t0: t0.toISOString(),
        reason,
        go_cleared: launch.go_decided_at !== null,
        warnings,
      },
    });
    await recordTask(trx, deps.clock, {
      launchId: launch.id,
      task: 'postponement',
      subject: `${launch.id}:${oldT0.toISOString()}`,
      mode: 'human',
      humanMinutes: (await minutesWaitingSince(trx, launch.id, 'launch.go_requested', now)) + 1,
      actor: input.actor,
      detail: { new_t0: t0.toISOString() },
    });
    return { launch: toLaunchView(await findLaunchRow(trx, launch.id)), warnings };
  });
}

function holidayWarnings(plan: LaunchPlan, t0: Date): string[] {
  const date = isoDateOf(localDateTimeIn(t0, plan.venture.timezone));
  const names = publicHolidaysOn(plan.venture.market_country, date);
  return names.length === 0
    ? []
    : [
        `the new T0 (${date}) is a public holiday in ${plan.venture.market_country}: ${names.join(', ')}`,
      ];
}
