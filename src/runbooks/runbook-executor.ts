/**
 * The runbook executor. A run's steps execute one at a time, each as a `runbook.step` job that
 * 1. takes the step's lock (a PostgreSQL session advisory lock: released the moment its process
 *    dies, so a crashed worker's step is free at once, and a live one's is never taken twice);
 * 2. performs the step with its timeout, retries and backoff; external effects go through the
 *    delivery ledger under `runbook:<runId>:<stepId>`, so a completed effect is never repeated;
 * 3. records the result and enqueues the next step in one transaction, so no step is skipped.
 * A step found already finished is not run again. `resumeRunbooks` re-enqueues the current step
 * of every running run; the worker calls it at start-up and periodically (`startRunbookResumer`),
 * as a job of a killed worker would otherwise wait for pg-boss to expire it.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { OperationalError, UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import { outputTailChars } from './command-runner.ts';
import { runbookDependencies } from './runbook-dependencies.ts';
import { type RunbookSpec, type RunbookSpecInput, runbookSpecSchema } from './runbook-spec.ts';
import { type RunbookRunState, type RunbookStepState, runbookDb } from './runbook-store.ts';
import { describeStep, performStep } from './step-performers.ts';

const actor = 'system:runbook';
/** First key of the advisory locks of runbook steps. */
const stepLockClass = 0x52554e42;

/** The `runbook.step` job: performs one step of a run, then enqueues the next. */
export const runbookStepJob = defineJob({
  name: 'runbook.step',
  payload: z.object({ runId: z.uuid(), stepId: z.string() }),
  policy: { retryLimit: 20, retryDelaySeconds: 1, expireInSeconds: 900 },
  run: ({ runId, stepId }, context) => runStepLocked(runId, stepId, context),
});

/** Where `startRunbook` finds the runbook `runbookId` of a launch. */
export type RunbookSource = (
  executor: DbExecutor,
  launchId: string | null,
  runbookId: string,
) => Promise<RunbookSpecInput>;

/** What `startRunbook` needs. */
export interface StartRunbookDeps {
  clock: Clock;
  queue: JobQueue;
  runbooks: RunbookSource;
}

/** Which runbook to run, for which launch, why and on whose word. */
export interface StartRunbookRequest {
  launchId: string | null;
  runbookId: string;
  reason: string;
  actor: string;
  /** Record what each step would do; call nothing. */
  dryRun?: boolean;
}

/**
 * Creates a run with its steps pending and enqueues the first step, in `executor`'s transaction
 * (or a new one), so the run starts if and only if the caller's change commits.
 *
 * @example
 * await db.transaction().execute((trx) =>
 *   startRunbook(trx, { clock, queue, runbooks: planRunbooks }, { launchId, runbookId: 'rollback', reason: 'LAUNCH-001', actor: 'token:ana' }));
 */
export async function startRunbook(
  executor: DbExecutor,
  deps: StartRunbookDeps,
  request: StartRunbookRequest,
): Promise<{ runId: string }> {
  const parsed = runbookSpecSchema.safeParse(
    await deps.runbooks(executor, request.launchId, request.runbookId),
  );
  if (!parsed.success) {
    throw new UserError(
      'invalid_runbook',
      `runbook '${request.runbookId}': ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const spec = parsed.data;
  const runId = randomUUID();
  const start = async (trx: DbExecutor) => {
    const db = runbookDb(trx);
    await db
      .insertInto('runbook_runs')
      .values({
        id: runId,
        launch_id: request.launchId,
        runbook_id: request.runbookId,
        reason: request.reason,
        actor: request.actor,
        state: 'running',
        dry_run: request.dryRun ?? false,
        spec: JSON.stringify(spec),
        started_at: deps.clock.now(),
      })
      .execute();
    await db
      .insertInto('runbook_step_runs')
      .values(
        spec.steps.map((step, position) => ({
          run_id: runId,
          step_id: step.id,
          position,
          type: step.type,
          state: 'pending' as const,
        })),
      )
      .execute();
    await recordAudit(trx, deps.clock, {
      actor: request.actor,
      action: 'runbook.started',
      subjectType: 'runbook_run',
      subjectId: runId,
      launchId: request.launchId,
      detail: {
        runbook: request.runbookId,
        reason: request.reason,
        dry_run: request.dryRun ?? false,
        steps: spec.steps.map((step) => step.id),
      },
    });
    const first = spec.steps[0];
    if (first) await deps.queue.enqueue(trx, runbookStepJob, { runId, stepId: first.id });
  };
  if (executor.isTransaction) await start(executor);
  else await executor.transaction().execute(start);
  return { runId };
}

/**
 * Enqueues the current step of every running run (idempotent: a step already taken or finished
 * is left alone by its job). Returns how many steps were enqueued.
 *
 * @example
 * await resumeRunbooks(db, queue); // at worker start-up
 */
export async function resumeRunbooks(db: Db, queue: JobQueue): Promise<number> {
  const current = await runbookDb(db)
    .selectFrom('runbook_step_runs as s')
    .innerJoin('runbook_runs as r', 'r.id', 's.run_id')
    .select(['s.run_id', 's.step_id'])
    .where('r.state', '=', 'running')
    .where('s.state', 'in', ['pending', 'running'])
    .distinctOn('s.run_id')
    .orderBy('s.run_id')
    .orderBy('s.position')
    .execute();
  for (const step of current) {
    await queue.enqueue(db, runbookStepJob, { runId: step.run_id, stepId: step.step_id });
  }
  return current.length;
}

async function runStepLocked(runId: string, stepId: string, context: JobContext): Promise<void> {
  const key = `${runId}:${stepId}`;
  await context.db.connection().execute(async (connection) => {
    const lock = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_lock(${stepLockClass}, hashtext(${key})) AS locked`.execute(
      connection,
    );
    if (!lock.rows[0]?.locked) return;
    try {
      // Everything the step does in PostgreSQL goes through this one connection.
      await runStep(runId, stepId, { ...context, db: connection });
    } finally {
      await sql`SELECT pg_advisory_unlock(${stepLockClass}, hashtext(${key}))`.execute(connection);
    }
  });
}

type StepOutcome = { state: 'succeeded'; output: string } | { state: 'failed'; error: string };

async function runStep(runId: string, stepId: string, context: JobContext): Promise<void> {
  const { db, clock } = context;
  const rdb = runbookDb(db);
  const run = await rdb
    .selectFrom('runbook_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst();
  const row = await rdb
    .selectFrom('runbook_step_runs')
    .selectAll()
    .where('run_id', '=', runId)
    .where('step_id', '=', stepId)
    .executeTakeFirst();
  const step = run?.spec.steps.find((candidate) => candidate.id === stepId);
  if (run?.state !== 'running' || !row || !step) return;
  if (row.state !== 'pending' && row.state !== 'running') return;

  const audit = (trx: DbExecutor, action: string, detail: Record<string, unknown>) =>
    recordAudit(trx, clock, {
      actor,
      action,
      subjectType: 'runbook_run',
      subjectId: runId,
      launchId: run.launch_id,
      detail: { step: stepId, type: step.type, ...detail },
    });
  const markAttempt = (detail: Record<string, unknown>) =>
    db.transaction().execute(async (trx) => {
      await runbookDb(trx)
        .updateTable('runbook_step_runs')
        .set((eb) => ({
          state: 'running',
          attempts: eb('attempts', '+', 1),
          started_at: eb.fn.coalesce('started_at', eb.val(clock.now())),
        }))
        .where('run_id', '=', runId)
        .where('step_id', '=', stepId)
        .execute();
      await audit(trx, 'runbook.step.started', detail);
    });

  await markAttempt({ attempt: row.attempts + 1, dry_run: run.dry_run, would: describeStep(step) });
  let outcome: StepOutcome;
  if (run.dry_run) {
    outcome = {
      state: 'succeeded',
      output: `dry run: would ${JSON.stringify(describeStep(step))}`,
    };
  } else {
    outcome = await performWithRetries(step, run, context, (error, retry) =>
      markAttempt({ attempt: row.attempts + 1 + retry, retry_after_error: error }),
    );
  }
  await finishStep(db, clock, context.jobs, run, step, outcome, audit);
}

async function performWithRetries(
  step: RunbookSpec['steps'][number],
  run: { id: string; launch_id: string | null; spec: RunbookSpec },
  context: JobContext,
  onRetry: (error: string, retry: number) => Promise<void>,
): Promise<StepOutcome> {
  const deps = runbookDependencies();
  for (let retry = 0; ; retry += 1) {
    try {
      const output = await performStep(step, {
        db: context.db,
        clock: context.clock,
        env: deps.env,
        metrics: deps.metrics,
        allowedExecutables: deps.allowedExecutables,
        connectors: run.spec.connectors,
        runId: run.id,
        launchId: run.launch_id,
        signal: AbortSignal.timeout(step.timeout_ms),
      });
      return { state: 'succeeded', output };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const retryable = error instanceof OperationalError && error.retryable;
      if (!retryable || retry >= step.retries) return { state: 'failed', error: message };
      await sleep(step.backoff_ms * 2 ** retry);
      await onRetry(message, retry + 1);
    }
  }
}

async function finishStep(
  db: Db,
  clock: Clock,
  queue: JobQueue,
  run: { id: string; launch_id: string | null; spec: RunbookSpec },
  step: RunbookSpec['steps'][number],
  outcome: StepOutcome,
  audit: (trx: DbExecutor, action: string, detail: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rdb = runbookDb(trx);
    const output = outcome.state === 'succeeded' ? outcome.output.slice(-outputTailChars) : null;
    const error = outcome.state === 'failed' ? outcome.error.slice(-outputTailChars) : null;
    const updated = await rdb
      .updateTable('runbook_step_runs')
      .set({ state: outcome.state, ended_at: clock.now(), output, error })
      .where('run_id', '=', run.id)
      .where('step_id', '=', step.id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await audit(trx, 'runbook.step.finished', { state: outcome.state, output, error });

    const goOn = outcome.state === 'succeeded' || step.on_failure === 'continue';
    const steps = await rdb
      .selectFrom('runbook_step_runs')
      .select(['step_id', 'state'])
      .where('run_id', '=', run.id)
      .orderBy('position')
      .execute();
    const next = steps.find((candidate) => candidate.state === 'pending');
    if (goOn && next) {
      await queue.enqueue(trx, runbookStepJob, { runId: run.id, stepId: next.step_id });
      return;
    }
    const anyFailed = steps.some((candidate) => candidate.state === 'failed');
    const state: RunbookRunState = goOn
      ? anyFailed
        ? 'failed'
        : 'succeeded'
      : step.on_failure === 'escalate'
        ? 'escalated'
        : 'failed';
    const skipped: RunbookStepState = 'skipped';
    await rdb
      .updateTable('runbook_step_runs')
      .set({ state: skipped })
      .where('run_id', '=', run.id)
      .where('state', '=', 'pending')
      .execute();
    await rdb
      .updateTable('runbook_runs')
      .set({ state, ended_at: clock.now() })
      .where('id', '=', run.id)
      .execute();
    await recordAudit(trx, clock, {
      actor,
      action: state === 'escalated' ? 'runbook.escalated' : 'runbook.finished',
      subjectType: 'runbook_run',
      subjectId: run.id,
      launchId: run.launch_id,
      detail: { state, failed_step: outcome.state === 'failed' ? step.id : null },
    });
    const finishedJob = runbookDependencies().finishedJob;
    if (finishedJob) {
      const { runbook_id } = await rdb
        .selectFrom('runbook_runs')
        .select('runbook_id')
        .where('id', '=', run.id)
        .executeTakeFirstOrThrow();
      const detail =
        outcome.state === 'failed'
          ? `step ${step.id} failed: ${outcome.error.slice(-300)}`
          : `${steps.length} steps finished, last: ${step.id}`;
      await queue.enqueue(trx, finishedJob, {
        runId: run.id,
        launchId: run.launch_id,
        runbookId: runbook_id,
        state,
        detail,
      });
    }
  });
}
