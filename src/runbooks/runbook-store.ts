/** Runbook runs and step runs in PostgreSQL (migration 0008). */
import type { ColumnType, Kysely } from 'kysely';
import type { DbExecutor } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { RunbookSpec } from './runbook-spec.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** State of a run. */
export type RunbookRunState = 'running' | 'succeeded' | 'failed' | 'escalated';
/** State of a step of a run. */
export type RunbookStepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** Tables of migration 0008. */
export type RunbookTables = {
  runbook_runs: {
    id: ColumnType<string, string | undefined, never>;
    launch_id: string | null;
    runbook_id: string;
    reason: string;
    actor: string;
    state: RunbookRunState;
    dry_run: boolean;
    spec: ColumnType<RunbookSpec, string, string>;
    started_at: Timestamp;
    ended_at: NullableTimestamp;
  };
  runbook_step_runs: {
    run_id: string;
    step_id: string;
    position: number;
    type: string;
    state: RunbookStepState;
    attempts: ColumnType<number, number | undefined, number>;
    started_at: NullableTimestamp;
    ended_at: NullableTimestamp;
    output: string | null;
    error: string | null;
  };
};

/** The database with the runbook tables. */
export type RunbookDb = Kysely<Database & RunbookTables>;

/** `db` (or a transaction) typed with the runbook tables. */
export function runbookDb(executor: DbExecutor): RunbookDb {
  return executor.withTables<RunbookTables>();
}

/** A step of a run as stored. */
export interface RunbookStepRun {
  stepId: string;
  position: number;
  type: string;
  state: RunbookStepState;
  attempts: number;
  startedAt: Date | null;
  endedAt: Date | null;
  output: string | null;
  error: string | null;
}

/** A run and its steps in order. */
export interface RunbookRun {
  id: string;
  launchId: string | null;
  runbookId: string;
  reason: string;
  actor: string;
  state: RunbookRunState;
  dryRun: boolean;
  spec: RunbookSpec;
  startedAt: Date;
  endedAt: Date | null;
  steps: RunbookStepRun[];
}

/**
 * Reads run `runId` with its steps; undefined when there is no such run.
 *
 * @example
 * const run = await getRunbookRun(db, runId);
 * run?.steps.map((step) => step.state); // ['succeeded', 'running', 'pending', 'pending']
 */
export async function getRunbookRun(
  executor: DbExecutor,
  runId: string,
): Promise<RunbookRun | undefined> {
  const db = runbookDb(executor);
  const run = await db
    .selectFrom('runbook_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run) return undefined;
  const steps = await db
    .selectFrom('runbook_step_runs')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('position')
    .execute();
  return {
    id: run.id,
    launchId: run.launch_id,
    runbookId: run.runbook_id,
    reason: run.reason,
    actor: run.actor,
    state: run.state,
    dryRun: run.dry_run,
    spec: run.spec,
    startedAt: run.started_at,
    endedAt: run.ended_at,
    steps: steps.map((step) => ({
      stepId: step.step_id,
      position: step.position,
      type: step.type,
      state: step.state,
      attempts: step.attempts,
      startedAt: step.started_at,
      endedAt: step.ended_at,
      output: step.output,
      error: step.error,
    })),
  };
}
