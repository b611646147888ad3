/**
 * A launch row whose stored plan holds only the parts the monitor scheduler reads (monitors and
 * parameters) — for scheduler tests and the benchmark, where monitors probe 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import type { DbExecutor } from '../../../store/database.ts';
import type { LaunchState } from '../../../store/schema.ts';

/**
 * Inserts a venture and a launch with `monitors` (plan input: defaults are applied when read).
 *
 * @example
 * const launchId = await insertLaunchWithMonitors(db, {
 *   t0, monitors: [{ id: 'home', type: 'http', url: `${origin}/`, interval: '30s' }],
 * });
 */
export async function insertLaunchWithMonitors(
  db: DbExecutor,
  input: {
    t0: Date;
    monitors: Record<string, unknown>[];
    state?: LaunchState;
    parameters?: Record<string, unknown>;
  },
): Promise<string> {
  const id = randomUUID();
  const ventureId = `v-${id.slice(0, 8)}`;
  await db.insertInto('ventures').values({ id: ventureId, name: ventureId }).execute();
  await db
    .insertInto('launches')
    .values({
      id,
      venture_id: ventureId,
      state: input.state ?? 'preparing',
      preset: 'none',
      t0: input.t0,
      plan: JSON.stringify({ monitors: input.monitors, parameters: input.parameters ?? {} }),
      plan_yaml: '',
      plan_sha256: '',
      created_by: 'test',
    })
    .execute();
  return id;
}
