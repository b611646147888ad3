/**
 * Uptime of a launch over a window for the dashboard: from LaunchCrew's own probes when they ran
 * (SPEC §5, `uptimePercent`), otherwise the mean of the `uptime` samples the venture pushed.
 */
import { sql } from 'kysely';
import { uptimePercent } from '../metrics/monitors/uptime.ts';
import type { DbExecutor } from '../store/database.ts';

/**
 * Uptime (%) of `launchId` between `from` and `to`; null when neither probes nor pushed samples
 * cover the window.
 *
 * @example
 * await launchUptime(db, { launchId, from: dayAgo, to: now }); // 99.7
 */
export async function launchUptime(
  db: DbExecutor,
  window: { launchId: string; from: Date; to: Date },
): Promise<number | null> {
  const probed = await uptimePercent(db, window);
  if (probed.value !== null) return probed.value;
  const { rows } = await sql<{ mean: number | null }>`
    SELECT sum(sum) / nullif(sum(count), 0) AS mean FROM metric_rollup_1m
    WHERE launch_id = ${window.launchId}::uuid AND name = 'uptime'
      AND minute >= ${window.from.toISOString()}::timestamptz
      AND minute < ${window.to.toISOString()}::timestamptz
  `.execute(db);
  const mean = rows[0]?.mean;
  return mean === null || mean === undefined ? null : Math.round(Number(mean) * 100) / 100;
}
