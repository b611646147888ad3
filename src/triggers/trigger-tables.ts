/** Tables of the trigger engine (migration 0003) and the typed database that includes them. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DbExecutor } from '../store/database.ts';
import type { RuleStateName } from './rule-state-machine.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export interface TriggerRuleStateTable {
  launch_id: string;
  rule_id: string;
  state: RuleStateName;
  active_at: NullableTimestamp;
  fired_at: NullableTimestamp;
  keep_firing_since: NullableTimestamp;
  clear_since: NullableTimestamp;
  last_eval_at: NullableTimestamp;
  next_eval_at: Timestamp;
  consecutive_breaches: number;
  cumulative_breaches: number;
  consecutive_no_data: number;
  fire_count: number;
}

export interface TriggerEvaluationTable {
  id: Generated<string>;
  launch_id: string;
  rule_id: string;
  at: Timestamp;
  value: number | null;
  result: 'breach' | 'ok' | 'no_data';
  state: RuleStateName;
  reason: string;
}

/** The trigger tables, to add to the database type with `withTriggerTables`. */
export type TriggerTables = {
  trigger_rule_states: TriggerRuleStateTable;
  trigger_evaluations: TriggerEvaluationTable;
};

export type TriggerRuleStateRow = Selectable<TriggerRuleStateTable>;
export type TriggerEvaluationRow = Selectable<TriggerEvaluationTable>;

/**
 * The executor typed with the trigger tables as well.
 *
 * @example
 * await withTriggerTables(db).selectFrom('trigger_evaluations').selectAll().execute();
 */
export function withTriggerTables(executor: DbExecutor) {
  return executor.withTables<TriggerTables>();
}
