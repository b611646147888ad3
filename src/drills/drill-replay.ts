/**
 * Replaying one drill launch on a simulated clock: only its trigger rules are evaluated and only
 * its due work is released, so a drill run against a shared store never moves other launches.
 */
import { sql } from 'kysely';
import { jobKinds, triggerEventJob } from '../app/job-kinds.ts';
import type { SimulatedClock } from '../clock/clock.ts';
import { runSchedule } from '../jobs/due-work-controller.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import type { Db } from '../store/database.ts';
import {
  evaluateLaunchTriggers,
  type LaunchForTriggers,
  launchRules,
} from '../triggers/evaluate-launch.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';

/** What a replay runs on. */
export interface DrillReplayDeps {
  db: Db;
  clock: SimulatedClock;
  queue: JobQueue;
  reader: MetricReader;
}

/**
 * Evaluates `launch`'s trigger rules at each of their due times and runs the launch's due work
 * and jobs after each evaluation, until `done()` holds or `limitMs` of simulated time passed.
 * Resolves with the last answer of `done()`.
 *
 * @example
 * const opened = await replayLaunchUntil(deps, launch, 10 * 60_000, async () => (await listIncidents(db, launch.id)).length > 0);
 */
export async function replayLaunchUntil(
  deps: DrillReplayDeps,
  launch: LaunchForTriggers,
  limitMs: number,
  done: () => Promise<boolean>,
): Promise<boolean> {
  const { db, clock, queue } = deps;
  const engine = { ...deps, eventJob: triggerEventJob };
  const rules = launchRules(launch, {});
  const until = clock.now().getTime() + limitMs;
  for (;;) {
    await evaluateLaunchTriggers(engine, launch, rules);
    await queue.drain();
    await runSchedule({ db, queue, kinds: jobKinds }, clock, clock.now(), { launchId: launch.id });
    await queue.drain();
    if (await done()) return true;
    const next = await nextEvaluationAt(db, launch.id);
    if (!next || next.getTime() > until) return done();
    if (next > clock.now()) clock.set(next);
  }
}

async function nextEvaluationAt(db: Db, launchId: string): Promise<Date | null> {
  const row = await withTriggerTables(db)
    .selectFrom('trigger_rule_states')
    .where('launch_id', '=', launchId)
    .select(sql<Date | null>`min(next_eval_at)`.as('next'))
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}
