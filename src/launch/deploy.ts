/**
 * Execution (SPEC §1 31.2): at T0 a launch with a go starts the plan's `deploy` runbook; without
 * a go it waits and the LEAD is told once. A deploy that succeeds declares the product live
 * (monitoring, activations armed); one that fails opens a P0 incident, whose approval flow
 * proposes the rollback; a rollback that succeeds before the product was ever live ends the
 * launch `rolled_back`.
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Role } from '../auth/roles.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import { applyTriggerEvent } from '../incidents/incident-service.ts';
import { cancelScheduledWork, scheduleWork } from '../jobs/due-work.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import { planRunbooks } from '../runbooks/plan-runbooks.ts';
import { startRunbook } from '../runbooks/runbook-executor.ts';
import type { RunbookFinished, RunbookFinishedHandler } from '../runbooks/runbook-finished.ts';
import { UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import type { LaunchRow } from '../store/schema.ts';
import { launchCollaborators } from './launch-collaborators.ts';
import { findLaunchRow, requireReason } from './launch-service.ts';
import { moveLaunch, requireState } from './launch-transition.ts';
import { type LaunchView, toLaunchView } from './launch-view.ts';
import { messageLead } from './lead-message.ts';
import { getParameters } from './parameter-overrides.ts';

/** The `launch.deploy` job: starts the deploy of a launch with a go whose T0 has come. */
export const launchDeployJob = defineJob({
  name: 'launch.deploy',
  payload: z.object({ launchId: z.uuid(), t0: z.iso.datetime() }),
  run: ({ launchId, t0 }, context) => startDeploy(launchId, t0, context),
});

/**
 * Stores a `launch.deploy` job due now (a go given after T0), once per T0.
 *
 * @example
 * await scheduleDeploy(trx, clock, launch);
 */
export async function scheduleDeploy(
  executor: DbExecutor,
  clock: Clock,
  launch: Pick<LaunchRow, 'id' | 't0'>,
): Promise<void> {
  const t0 = new Date(launch.t0).toISOString();
  await scheduleWork(executor, clock, {
    kind: launchDeployJob,
    data: { launchId: launch.id, t0 },
    dueAt: clock.now(),
    dedupKey: `launch:${launch.id}:deploy:${t0}`,
    launchId: launch.id,
  });
}

/** A deploy started by hand (before T0). */
export interface ManualDeploy {
  launchId: string;
  actor: string;
  role: Role;
  reason?: string | undefined;
}

/**
 * Starts the deploy of a launch with a go before its T0. Inside the freeze window
 * [freeze start, T0) only the LEAD may, and with a reason. The deploy job starts the run (once
 * per T0, whoever asked).
 *
 * @example
 * await requestManualDeploy({ db, clock }, { launchId, actor: 'token:ana', role: 'lead', reason: 'ship early' });
 */
export async function requestManualDeploy(
  deps: { db: Db; clock: Clock },
  input: ManualDeploy,
): Promise<LaunchView> {
  return deps.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, input.launchId, { lock: true });
    requireState(launch, ['preparing', 'awaiting_go_no_go'], 'deploy');
    if (!launch.go_decided_at) {
      throw new UserError('conflict', `launch ${launch.id} has no go yet: decide go first`, {
        status: 409,
      });
    }
    const now = deps.clock.now();
    const freezeHours = Number(
      (await getParameters(trx, launch.id)).find((p) => p.name === 'pre_launch_freeze')?.value,
    );
    const freezeStart = new Date(new Date(launch.t0).getTime() - freezeHours * 3_600_000);
    const inFreeze = now >= freezeStart && now < new Date(launch.t0);
    if (inFreeze && input.role !== 'lead') {
      throw new UserError('forbidden', 'inside the freeze window only the LEAD may deploy', {
        status: 403,
      });
    }
    const reason =
      inFreeze || input.reason !== undefined ? requireReason(input.reason ?? '') : undefined;
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'launch.deploy_requested',
      subjectType: 'launch',
      subjectId: launch.id,
      launchId: launch.id,
      detail: { in_freeze: inFreeze, ...(reason ? { reason } : {}) },
    });
    await scheduleDeploy(trx, deps.clock, launch);
    return toLaunchView(launch);
  });
}

/**
 * The `t0` reaction: deploys when the LEAD gave a go; otherwise the launch keeps waiting for it
 * and the LEAD is told once ("T0 reached without a go decision").
 *
 * @example
 * await startDeployAtT0(launchId, context);
 */
export async function startDeployAtT0(launchId: string, context: JobContext): Promise<void> {
  const launch = await findLaunchRow(context.db, launchId);
  const t0 = new Date(launch.t0).toISOString();
  if (launch.go_decided_at) return startDeploy(launchId, t0, context);
  if (launch.state !== 'preparing' && launch.state !== 'awaiting_go_no_go') return;
  await context.db.transaction().execute(async (trx) => {
    const locked = await findLaunchRow(trx, launchId, { lock: true });
    if (locked.state === 'preparing') {
      await moveLaunch(trx, context.clock, locked, {
        to: 'awaiting_go_no_go',
        actor: 'system',
        action: 'launch.awaiting_go_no_go',
        detail: { why: 'T0 reached without a go decision' },
      });
    }
    await recordAudit(trx, context.clock, {
      actor: 'system',
      action: 'launch.go_overdue',
      subjectType: 'launch',
      subjectId: `${launchId}:${t0}`,
      launchId,
      detail: { t0, message: 'T0 reached without a go decision' },
    });
  });
  await messageLead(context, {
    launchId,
    key: `launch:${launchId}:go-overdue:${t0}`,
    title: `${launch.venture_name}: T0 reached without a go decision`,
    text: `T0 ${t0} has passed and launch ${launchId} has no go. Decide (launchcrew launch go ${launchId}) or postpone; the deploy starts at once after a go.`,
  });
}

async function startDeploy(launchId: string, t0: string, context: JobContext): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    const waiting = launch.state === 'preparing' || launch.state === 'awaiting_go_no_go';
    if (!waiting || !launch.go_decided_at) return;
    if (new Date(launch.t0).toISOString() !== t0) return;
    let runId: string | null = null;
    let problem: string | null = null;
    try {
      ({ runId } = await startRunbook(
        trx,
        { clock: context.clock, queue: context.jobs, runbooks: planRunbooks },
        { launchId, runbookId: 'deploy', reason: `T0 ${t0}`, actor: 'system:launch' },
      ));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problem = error.message;
    }
    await moveLaunch(trx, context.clock, launch, {
      to: 'executing',
      actor: 'system',
      action: 'launch.executing',
      detail: runId ? { deploy_run: runId } : { deploy_not_started: problem },
    });
  });
}

/**
 * Reacts to the end of a launch's `deploy` run (live, or a P0 incident proposing the rollback)
 * and of its `rollback` run (rolled back when the product was never live).
 *
 * @example
 * export const runbookFinishedHandlers = [rollbackOutcomeHandler, launchDeployOutcomeHandler];
 */
export const launchDeployOutcomeHandler: RunbookFinishedHandler = {
  name: 'launch-deploy-outcome',
  async handle(event, { db, clock }) {
    if (!event.launchId) return;
    if (event.runbookId === 'deploy') {
      if (event.state === 'succeeded') await declareLaunchLive(db, clock, event);
      else await proposeRollback(db, clock, event);
    } else if (event.runbookId === 'rollback' && event.state === 'succeeded') {
      await endRolledBack(db, clock, event);
    }
  },
};

/**
 * *Product live*: the launch moves from executing to monitoring with `live_at`, its activations
 * are armed and the deploy is counted as automatic — once (a launch already live is left alone).
 *
 * @example
 * await declareLaunchLive(db, clock, { launchId, runId });
 */
export async function declareLaunchLive(
  db: Db,
  clock: Clock,
  event: Pick<RunbookFinished, 'runId'> & { launchId: string | null },
): Promise<void> {
  const launchId = event.launchId ?? '';
  await db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    if (launch.state !== 'executing' || launch.live_at) return;
    await moveLaunch(trx, clock, launch, {
      to: 'monitoring',
      actor: 'system:launch',
      action: 'launch.live',
      set: { live_at: clock.now() },
      detail: { message: 'Product live', deploy_run: event.runId },
    });
    await launchCollaborators().armActivations(trx, clock, launchId);
    await recordTask(trx, clock, {
      launchId,
      task: 'deploy',
      subject: event.runId,
      mode: 'automatic',
      actor: 'system:launch',
    });
  });
}

async function proposeRollback(db: Db, clock: Clock, event: RunbookFinished): Promise<void> {
  const launchId = event.launchId ?? '';
  const launch = await findLaunchRow(db, launchId);
  if (launch.state !== 'executing') return;
  const at = clock.now().toISOString();
  await applyTriggerEvent(db, clock, {
    id: `${launchId}:DEPLOY.failed:${event.runId}:firing`,
    launchId,
    ruleId: 'DEPLOY.failed',
    triggerId: 'LAUNCH-001',
    state: 'firing',
    level: 'critical',
    severity: 'P0',
    value: null,
    reason: `deploy ${event.state}: ${event.detail}`,
    at,
    firedAt: at,
    fireCount: 1,
  });
}

async function endRolledBack(db: Db, clock: Clock, event: RunbookFinished): Promise<void> {
  const launchId = event.launchId ?? '';
  await db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, launchId, { lock: true });
    if (launch.state !== 'executing' || launch.live_at) return;
    const reason = 'deploy failed and was rolled back before the product went live';
    // Pending work first: cancelling an armed activation schedules its vendor call.
    await cancelScheduledWork(trx, clock, launchId);
    await launchCollaborators().cancelActivations(trx, clock, {
      launchId,
      actor: 'system:launch',
      reason,
    });
    await moveLaunch(trx, clock, launch, {
      to: 'rolled_back',
      actor: 'system:launch',
      action: 'launch.rolled_back',
      endReason: reason,
      detail: { rollback_run: event.runId },
    });
  });
}
