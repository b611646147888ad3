/**
 * The one scheduler of trigger evaluations for all launches. Each rule's state row carries its
 * `next_eval_at`; a pass finds the active launches (executing or monitoring) with a rule due by
 * the clock's time, or with no rule state yet, and evaluates them a few at a time, one
 * transaction per launch. Each launch's evaluations fall on its own grid (an offset hashed from
 * its id, as Prometheus spreads rule groups), so launches started together do not all fall due
 * at once. In production `startTriggerLoop` runs a pass every second on the real clock; on a
 * `SimulatedClock`, `runTriggerSchedule` jumps from one due time to the next. Several processes
 * may run passes: a launch is evaluated by one of them at a time (advisory lock).
 */

import { sql } from 'kysely';
import type { SimulatedClock } from '../clock/clock.ts';
import { type PeriodicLoop, startPeriodicLoop } from '../jobs/periodic-loop.ts';
import {
  evaluateLaunchTriggers,
  type LaunchForTriggers,
  launchRules,
  type TriggerEngineDeps,
} from './evaluate-launch.ts';
import type { TriggerEvent } from './trigger-event.ts';
import type { TriggerRule } from './trigger-rule.ts';
import { withTriggerTables } from './trigger-tables.ts';

/** Launch states in which triggers are evaluated. */
export const triggerLaunchStates = ['executing', 'monitoring'] as const;

/** What one pass did. */
export interface TriggerPassResult {
  launches: number;
  evaluated: number;
  events: TriggerEvent[];
  lagsMs: number[];
  /** Launches that could not be evaluated (e.g. an invalid custom rule), with the error. */
  failures: { launchId: string; error: unknown }[];
}

/**
 * Evaluates every due rule of every active launch at the clock's time.
 *
 * @example
 * const { evaluated, events } = await evaluateDueTriggers(deps);
 */
export async function evaluateDueTriggers(
  deps: TriggerEngineDeps,
  options: { concurrency?: number; cache?: RuleCache } = {},
): Promise<TriggerPassResult> {
  const now = deps.clock.now();
  const launches = await withTriggerTables(deps.db)
    .selectFrom('launches as l')
    .select(['l.id', 'l.t0', 'l.plan', 'l.plan_sha256'])
    .where('l.state', 'in', triggerLaunchStates)
    .where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb
              .selectFrom('trigger_rule_states as s')
              .whereRef('s.launch_id', '=', 'l.id')
              .select(sql.lit(1).as('one')),
          ),
        ),
        eb.exists(
          eb
            .selectFrom('trigger_rule_states as s')
            .whereRef('s.launch_id', '=', 'l.id')
            .where('s.next_eval_at', '<=', now)
            .select(sql.lit(1).as('one')),
        ),
      ]),
    )
    .execute();
  const overrides = await overridesOf(
    deps,
    launches.map((l) => l.id),
  );
  const result: TriggerPassResult = {
    launches: launches.length,
    evaluated: 0,
    events: [],
    lagsMs: [],
    failures: [],
  };
  const queue = [...launches];
  const cache = options.cache ?? new Map();
  const worker = async () => {
    for (let launch = queue.shift(); launch; launch = queue.shift()) {
      try {
        const rules = cachedRules(cache, deps, launch, overrides.get(launch.id) ?? {});
        const tick = await evaluateLaunchTriggers(deps, launch, rules);
        result.evaluated += tick.evaluated;
        result.events.push(...tick.events);
        result.lagsMs.push(...tick.lagsMs);
      } catch (error) {
        result.failures.push({ launchId: launch.id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return result;
}

/** Rules of launches by plan version and overrides, so a pass does not rebuild them each time. */
export type RuleCache = Map<string, TriggerRule[]>;

function cachedRules(
  cache: RuleCache,
  deps: TriggerEngineDeps,
  launch: LaunchForTriggers & { plan_sha256: string },
  overrides: Record<string, unknown>,
): TriggerRule[] {
  const key = `${launch.id}:${launch.plan_sha256}:${JSON.stringify(overrides)}`;
  let rules = cache.get(key);
  if (!rules) {
    if (cache.size >= 10_000) cache.clear();
    rules = launchRules(launch, overrides, deps.ruleDefaults);
    cache.set(key, rules);
  }
  return rules;
}

async function overridesOf(
  deps: TriggerEngineDeps,
  launchIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const byLaunch = new Map<string, Record<string, unknown>>();
  if (launchIds.length === 0) return byLaunch;
  const rows = await deps.db
    .selectFrom('parameter_overrides')
    .select(['launch_id', 'name', 'value'])
    .where('launch_id', 'in', launchIds)
    .execute();
  for (const row of rows) {
    byLaunch.set(row.launch_id, { ...byLaunch.get(row.launch_id), [row.name]: row.value });
  }
  return byLaunch;
}

/**
 * The earliest `next_eval_at` of an active launch's rules (null when nothing is scheduled).
 *
 * @example
 * const next = await nextTriggerDueAt(db);
 */
export async function nextTriggerDueAt(deps: Pick<TriggerEngineDeps, 'db'>): Promise<Date | null> {
  const row = await withTriggerTables(deps.db)
    .selectFrom('trigger_rule_states as s')
    .innerJoin('launches as l', 'l.id', 's.launch_id')
    .where('l.state', 'in', triggerLaunchStates)
    .select(sql<Date | null>`min(s.next_eval_at)`.as('next'))
    .executeTakeFirst();
  return row?.next ? new Date(row.next) : null;
}

/**
 * Runs a pass every `tickMs` on the deps' (real) clock until `stop()`. Failures of a pass or of
 * one launch go to `onError`; the loop carries on.
 *
 * @example
 * const loop = startTriggerLoop(deps, { onError: (e) => log.warn({ err: e }, 'trigger pass') });
 * await loop.stop();
 */
export function startTriggerLoop(
  deps: TriggerEngineDeps,
  options: {
    tickMs?: number;
    concurrency?: number;
    onError?: (error: unknown) => void;
    onPass?: (pass: TriggerPassResult) => void;
  } = {},
): PeriodicLoop {
  const cache: RuleCache = new Map();
  return startPeriodicLoop(
    async () => {
      const pass = await evaluateDueTriggers(deps, { ...options, cache });
      options.onPass?.(pass);
      for (const failure of pass.failures) options.onError?.(failure.error);
    },
    { intervalMs: options.tickMs ?? 1000, onError: options.onError },
  );
}

/**
 * Replays trigger evaluations up to `until` on a simulated clock: evaluate what is due, jump to
 * the next due time, repeat. `afterPass` runs after each pass (e.g. to drain the job queue).
 *
 * @example
 * const passes = await runTriggerSchedule({ ...deps, clock }, clock, addHours(t0, 2));
 */
export async function runTriggerSchedule(
  deps: TriggerEngineDeps,
  clock: SimulatedClock,
  until: Date,
  options: { afterPass?: (pass: TriggerPassResult) => Promise<void> } = {},
): Promise<TriggerPassResult[]> {
  const passes: TriggerPassResult[] = [];
  const cache: RuleCache = new Map();
  for (;;) {
    const pass = await evaluateDueTriggers({ ...deps, clock }, { cache });
    passes.push(pass);
    await options.afterPass?.(pass);
    const next = await nextTriggerDueAt(deps);
    if (!next || next > until) break;
    if (next > clock.now()) clock.set(next);
  }
  if (until > clock.now()) clock.set(until);
  return passes;
}
