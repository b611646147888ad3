/**
 * One evaluation tick of one launch: in one transaction, read the stored rule states, evaluate
 * each rule that is due through the `MetricReader`, step its state machine, store the new state
 * and one evaluation row, and enqueue a `trigger.event` job for each transition to firing or
 * resolved. State lives in the database, so a restart never resets a pending timer.
 */
import { sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { JobKind } from '../jobs/job-kind.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { MetricReader, MetricReading } from '../metrics/metric-reader.ts';
import type { ParameterValues } from '../plan/parameters.ts';
import { parameterValuesOf, resolveParameters } from '../plan/resolve.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { triggersSchema } from '../plan/sections/triggers.ts';
import type { Db } from '../store/database.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { rulesForLaunch } from './launch-rules.ts';
import { initialRuleState, type RuleState, stepRule } from './rule-state-machine.ts';
import type { TriggerEvent } from './trigger-event.ts';
import { formatGoDuration, type RuleDefaults, type TriggerRule } from './trigger-rule.ts';
import { type TriggerRuleStateRow, withTriggerTables } from './trigger-tables.ts';

/** What the engine needs; the reader and the event job are injected. */
export interface TriggerEngineDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  reader: MetricReader;
  eventJob: JobKind<TriggerEvent>;
  /** Evaluation interval and no-data bridge of every rule (defaults: 30 s, 3 evaluations). */
  ruleDefaults?: Partial<RuleDefaults>;
}

/** A launch as the engine reads it. */
export interface LaunchForTriggers {
  id: string;
  t0: Date;
  plan: unknown;
}

/** What one tick of one launch did. */
export interface LaunchTickResult {
  evaluated: number;
  events: TriggerEvent[];
  /** How late each evaluation ran after its due time, in ms. */
  lagsMs: number[];
}

/**
 * The rules of a stored launch: its plan's trigger section with its parameters as resolved now
 * (overrides → plan → preset → default).
 *
 * @example
 * const rules = launchRules(launch, overrides, { intervalMs: 10_000 });
 */
export function launchRules(
  launch: LaunchForTriggers,
  overrides: Readonly<Record<string, unknown>>,
  defaults: Partial<RuleDefaults> = {},
): TriggerRule[] {
  const plan = (launch.plan ?? {}) as Partial<LaunchPlan>;
  const parameters: ParameterValues = parameterValuesOf(resolveParameters({ overrides, plan }));
  const triggers = triggersSchema.parse(plan.triggers ?? {});
  return rulesForLaunch({ triggers }, parameters, { ...defaults, t0: launch.t0 });
}

/**
 * Evaluates the due rules of one launch at the clock's time.
 *
 * @example
 * const { events } = await evaluateLaunchTriggers(deps, launch, rules);
 */
export async function evaluateLaunchTriggers(
  deps: TriggerEngineDeps,
  launch: LaunchForTriggers,
  rules: ReadonlyArray<TriggerRule>,
): Promise<LaunchTickResult> {
  const now = deps.clock.now().getTime();
  return deps.db.transaction().execute(async (transaction) => {
    const trx = withTriggerTables(transaction);
    // One evaluator per launch at a time across processes; a busy launch is left to its owner.
    const { rows: locks } = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_xact_lock(hashtextextended(${`trigger:${launch.id}`}, 0)) AS locked
    `.execute(transaction);
    const result: LaunchTickResult = { evaluated: 0, events: [], lagsMs: [] };
    if (!locks[0]?.locked) return result;
    const rows = await trx
      .selectFrom('trigger_rule_states')
      .selectAll()
      .where('launch_id', '=', launch.id)
      .execute();
    const stored = new Map(rows.map((row) => [row.rule_id, row]));
    const states = [];
    const evaluations = [];
    const dueRules = [];
    for (const rule of rules) {
      const row = stored.get(rule.id);
      const due = row ? row.next_eval_at.getTime() : firstDueAt(launch.id, rule.intervalMs, now);
      if (due > now) {
        // A new rule: store its state so the scheduler knows when it is first due.
        if (!row) states.push(rowOfState(launch.id, rule.id, initialRuleState, due));
        continue;
      }
      // Missed evaluations are skipped, as Prometheus does: evaluate once at the latest due time.
      dueRules.push({
        rule,
        row,
        due,
        at: due + Math.floor((now - due) / rule.intervalMs) * rule.intervalMs,
      });
    }
    // Rules of a launch often read the same metric (uptime, error_rate): read each once. Reads
    // stay sequential: the launch's transaction already holds a pooled connection.
    const reader = memoizedReader(deps.reader);
    for (const { rule, row, due, at } of dueRules) {
      const previous = row ? stateOfRow(row) : initialRuleState;
      const evaluation = await evaluateRule(rule, reader, launch.id, at);
      const { next, transition } = stepRule(rule, previous, evaluation.outcome, at);
      const held = next.state !== 'inactive' && next.activeAt !== null;
      const reason = held
        ? `${evaluation.reason} for ${formatGoDuration(at - (next.activeAt ?? at))}`
        : evaluation.reason;
      states.push(rowOfState(launch.id, rule.id, next, at + rule.intervalMs));
      evaluations.push({
        launch_id: launch.id,
        rule_id: rule.id,
        at: new Date(at),
        value: evaluation.value,
        result: evaluation.outcome.condition,
        state: next.state,
        reason,
      });
      result.evaluated++;
      result.lagsMs.push(now - due);
      if (transition?.event) {
        const event = triggerEventOf(launch.id, rule, next, transition.event, evaluation, reason);
        await deps.queue.enqueue(transaction, deps.eventJob, event, { singletonKey: event.id });
        result.events.push(event);
      }
    }
    if (states.length === 0) return result;
    if (evaluations.length > 0) {
      await trx.insertInto('trigger_evaluations').values(evaluations).execute();
    }
    await trx
      .insertInto('trigger_rule_states')
      .values(states)
      .onConflict((oc) =>
        oc.columns(['launch_id', 'rule_id']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          active_at: eb.ref('excluded.active_at'),
          fired_at: eb.ref('excluded.fired_at'),
          keep_firing_since: eb.ref('excluded.keep_firing_since'),
          clear_since: eb.ref('excluded.clear_since'),
          last_eval_at: eb.ref('excluded.last_eval_at'),
          next_eval_at: eb.ref('excluded.next_eval_at'),
          consecutive_breaches: eb.ref('excluded.consecutive_breaches'),
          cumulative_breaches: eb.ref('excluded.cumulative_breaches'),
          consecutive_no_data: eb.ref('excluded.consecutive_no_data'),
          fire_count: eb.ref('excluded.fire_count'),
        })),
      )
      .execute();
    return result;
  });
}

/**
 * A launch's evaluations fall on its own grid, `offset + k · interval` with the offset hashed
 * from the launch id (as Prometheus spreads rule groups), so many launches started together do
 * not all fall due at the same instant. The first evaluation is at the next grid point.
 *
 * @example
 * evaluationOffsetMs('7f1c…', 30_000); // e.g. 12_345, stable for that launch
 */
export function evaluationOffsetMs(launchId: string, intervalMs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < launchId.length; i++) {
    hash = Math.imul(hash ^ launchId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % intervalMs;
}

function firstDueAt(launchId: string, intervalMs: number, now: number): number {
  const offset = evaluationOffsetMs(launchId, intervalMs);
  return now + ((((offset - now) % intervalMs) + intervalMs) % intervalMs);
}

function triggerEventOf(
  launchId: string,
  rule: TriggerRule,
  state: RuleState,
  kind: 'firing' | 'resolved',
  evaluation: { value: number | null },
  reason: string,
): TriggerEvent {
  const at = new Date(state.lastEvalAt ?? 0).toISOString();
  const firedAt = new Date(state.firedAt ?? 0).toISOString();
  return {
    id: `${launchId}:${rule.id}:${firedAt}:${kind}`,
    launchId,
    ruleId: rule.id,
    triggerId: rule.triggerId,
    state: kind,
    level: rule.level,
    ...(rule.severity ? { severity: rule.severity } : {}),
    value: evaluation.value,
    reason,
    at,
    firedAt,
    fireCount: state.fireCount,
  };
}

const time = (value: Date | null) => (value ? value.getTime() : null);
const date = (value: number | null) => (value === null ? null : new Date(value));

function stateOfRow(row: TriggerRuleStateRow): RuleState {
  return {
    state: row.state,
    activeAt: time(row.active_at),
    firedAt: time(row.fired_at),
    keepFiringSince: time(row.keep_firing_since),
    clearSince: time(row.clear_since),
    lastEvalAt: time(row.last_eval_at),
    consecutiveBreaches: row.consecutive_breaches,
    cumulativeBreaches: row.cumulative_breaches,
    consecutiveNoData: row.consecutive_no_data,
    fireCount: row.fire_count,
  };
}

function rowOfState(launchId: string, ruleId: string, state: RuleState, nextEvalAt: number) {
  return {
    launch_id: launchId,
    rule_id: ruleId,
    state: state.state,
    active_at: date(state.activeAt),
    fired_at: date(state.firedAt),
    keep_firing_since: date(state.keepFiringSince),
    clear_since: date(state.clearSince),
    last_eval_at: date(state.lastEvalAt),
    next_eval_at: new Date(nextEvalAt),
    consecutive_breaches: state.consecutiveBreaches,
    cumulative_breaches: state.cumulativeBreaches,
    consecutive_no_data: state.consecutiveNoData,
    fire_count: state.fireCount,
  };
}

/** A reader that answers each distinct query once (for the rules of one launch at one time). */
function memoizedReader(reader: MetricReader): MetricReader {
  const answers = new Map<string, Promise<MetricReading>>();
  return {
    read(query) {
      const key = JSON.stringify([
        query.name,
        query.labels ?? {},
        query.at.getTime(),
        query.windowMs ?? null,
      ]);
      let answer = answers.get(key);
      if (!answer) {
        answer = reader.read(query);
        answers.set(key, answer);
      }
      return answer;
    },
  };
}
