import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import { defineJob } from '../jobs/job-kind.ts';

/** The named moments of a launch's timeline that the foundation schedules. */
export const milestoneNames = ['freeze_start', 't0', 'monitoring_end'] as const;

/**
 * Records that a timeline milestone was reached (at the clock's time) unless the launch has
 * ended. Later capabilities (deploy, activations, reports) hang their work on the same timeline.
 */
export const launchMilestoneJob = defineJob({
  name: 'launch.milestone',
  payload: z.object({ launchId: z.uuid(), milestone: z.enum(milestoneNames) }),
  run: async ({ launchId, milestone }, { db, clock }) => {
    await db.transaction().execute(async (trx) => {
      const launch = await trx
        .selectFrom('launches')
        .select(['state', 'ended_at'])
        .where('id', '=', launchId)
        .forUpdate()
        .executeTakeFirst();
      if (!launch || launch.ended_at) return;
      const already = await trx
        .selectFrom('audit_log')
        .select('id')
        .where('launch_id', '=', launchId)
        .where('action', '=', 'launch.milestone')
        .where('subject_id', '=', `${launchId}:${milestone}`)
        .executeTakeFirst();
      if (already) return;
      await recordAudit(trx, clock, {
        actor: 'system',
        action: 'launch.milestone',
        subjectType: 'milestone',
        subjectId: `${launchId}:${milestone}`,
        launchId,
        detail: { milestone, state: launch.state },
      });
    });
  },
});
