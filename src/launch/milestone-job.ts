import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import type { DbExecutor } from '../store/database.ts';
import { startDeployAtT0 } from './deploy.ts';
import { prepareAtFreeze } from './go-no-go.ts';
import { checkOutcomeDeadline, recheckSuccess } from './launch-outcome.ts';

/** The named moments of a launch's timeline. */
export const milestoneNames = [
  'freeze_start',
  't0',
  'monitoring_end',
  'success_deadline',
  'success_check',
] as const;

/** One named moment of a launch's timeline. */
export type MilestoneName = (typeof milestoneNames)[number];

/** Days after T0 by which LAUNCH-004 must have validated the launch (SPEC §3), unless extended. */
export const successDeadlineDays = 14;

const hour = 3_600_000;
const day = 24 * hour;

const milestonePayload = z.object({
  launchId: z.uuid(),
  milestone: z.enum(milestoneNames),
  /** The T0 the milestone was scheduled for: after a postponement it no longer matches. */
  t0: z.iso.datetime().optional(),
  /** When it was due (a success deadline that was extended no longer matches). */
  dueAt: z.iso.datetime().optional(),
});

type MilestonePayload = z.infer<typeof milestonePayload>;

const reactions: Record<MilestoneName, (launchId: string, context: JobContext) => Promise<void>> = {
  freeze_start: prepareAtFreeze,
  t0: startDeployAtT0,
  monitoring_end: recheckSuccess,
  success_check: recheckSuccess,
  success_deadline: checkOutcomeDeadline,
};

/**
 * Reaches a timeline milestone: records it once (at the clock's time) and lets the controller
 * react (preparation and the go/no-go request at the freeze, the deploy at T0, success checks,
 * the outcome decision at the success deadline). A milestone of a launch that ended, of an
 * earlier T0 (postponed) or of an earlier deadline (extended) does nothing.
 */
export const launchMilestoneJob = defineJob({
  name: 'launch.milestone',
  payload: milestonePayload,
  run: async (payload, context) => {
    const current = await context.db
      .transaction()
      .execute((trx) => recordMilestone(trx, context.clock, payload));
    if (current) await reactions[payload.milestone](payload.launchId, context);
  },
});

async function recordMilestone(
  trx: DbExecutor,
  clock: Clock,
  { launchId, milestone, t0, dueAt }: MilestonePayload,
): Promise<boolean> {
  const launch = await trx
    .selectFrom('launches')
    .select(['state', 'ended_at', 't0', 'success_deadline'])
    .where('id', '=', launchId)
    .forUpdate()
    .executeTakeFirst();
  if (!launch || launch.ended_at) return false;
  if (t0 && new Date(t0).getTime() !== new Date(launch.t0).getTime()) return false;
  if (
    milestone === 'success_deadline' &&
    dueAt &&
    launch.success_deadline?.getTime() !== new Date(dueAt).getTime()
  ) {
    return false;
  }
  const subjectId = `${launchId}:${milestone}:${dueAt ?? t0 ?? ''}`;
  const already = await trx
    .selectFrom('audit_log')
    .select('id')
    .where('launch_id', '=', launchId)
    .where('action', '=', 'launch.milestone')
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
  if (!already) {
    await recordAudit(trx, clock, {
      actor: 'system',
      action: 'launch.milestone',
      subjectType: 'milestone',
      subjectId,
      launchId,
      detail: { milestone, state: launch.state, ...(t0 ? { t0 } : {}) },
    });
  }
  return true;
}

/**
 * Stores milestone `milestone` of a launch due at `dueAt` for T0 `t0` (once per due time).
 *
 * @example
 * await scheduleMilestone(trx, clock, { launchId, milestone: 'success_check', t0, dueAt });
 */
export async function scheduleMilestone(
  executor: DbExecutor,
  clock: Clock,
  input: { launchId: string; milestone: MilestoneName; t0: Date; dueAt: Date },
): Promise<boolean> {
  return scheduleWork(executor, clock, {
    kind: launchMilestoneJob,
    data: {
      launchId: input.launchId,
      milestone: input.milestone,
      t0: input.t0.toISOString(),
      dueAt: input.dueAt.toISOString(),
    },
    dueAt: input.dueAt,
    dedupKey: `launch:${input.launchId}:milestone:${input.milestone}:${input.dueAt.toISOString()}`,
    launchId: input.launchId,
  });
}

/**
 * The timeline of a launch with T0 `t0`: freeze start, T0, end of monitoring and the success
 * deadline (T0 + 14 days).
 *
 * @example
 * timelineOf(t0, { freezeHours: 48, monitoringDays: 7 }).map((m) => m.milestone);
 */
export function timelineOf(
  t0: Date,
  parameters: { freezeHours: number; monitoringDays: number },
): { milestone: MilestoneName; dueAt: Date }[] {
  const at = (ms: number) => new Date(t0.getTime() + ms);
  return [
    { milestone: 'freeze_start', dueAt: at(-parameters.freezeHours * hour) },
    { milestone: 't0', dueAt: t0 },
    { milestone: 'monitoring_end', dueAt: at(parameters.monitoringDays * day) },
    { milestone: 'success_deadline', dueAt: at(successDeadlineDays * day) },
  ];
}

/**
 * Stores every milestone of the timeline of T0 `t0` (see `timelineOf`).
 *
 * @example
 * await scheduleTimeline(trx, clock, { launchId, t0, freezeHours: 48, monitoringDays: 7 });
 */
export async function scheduleTimeline(
  executor: DbExecutor,
  clock: Clock,
  input: { launchId: string; t0: Date; freezeHours: number; monitoringDays: number },
): Promise<void> {
  for (const { milestone, dueAt } of timelineOf(input.t0, input)) {
    await scheduleMilestone(executor, clock, {
      launchId: input.launchId,
      milestone,
      t0: input.t0,
      dueAt,
    });
  }
}
