import type { Clock } from '../clock/clock.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import type { DbExecutor } from '../store/database.ts';
import { reportSendJob } from './report-job.ts';
import { reportPeriods } from './report-period.ts';

/**
 * Stores one `report.send` job per report of a launch, inside the caller's transaction: hourly
 * at T0+1h … T0+72h, then daily at T0+4d … T0+<monitoringDays>d. Dedup keys are
 * `launch:<id>:report:<n>`, so calling it twice schedules nothing new; cancelling the launch
 * cancels them with the rest of its scheduled work. Returns how many were newly stored.
 *
 * @example
 * await scheduleLaunchReports(trx, clock, { launchId: row.id, t0, monitoringDays: parameters.post_launch_monitoring });
 */
export async function scheduleLaunchReports(
  executor: DbExecutor,
  clock: Clock,
  launch: { launchId: string; t0: Date; monitoringDays: number },
): Promise<number> {
  let stored = 0;
  for (const period of reportPeriods(launch.t0, launch.monitoringDays)) {
    const inserted = await scheduleWork(executor, clock, {
      kind: reportSendJob,
      data: { launchId: launch.launchId, n: period.number },
      dueAt: period.end,
      dedupKey: `launch:${launch.launchId}:report:${period.number}`,
      launchId: launch.launchId,
    });
    if (inserted) stored += 1;
  }
  return stored;
}
