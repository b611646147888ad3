/**
 * Cancel, pause and resume of a launch's activations (SPEC §31.2: a cancel handle before T0, a
 * pause the incidents propose). State changes are audited in the caller's transaction and their
 * due sends cancelled or re-scheduled; what is already at the vendor (armed sends, running ads)
 * is cancelled, paused or resumed there by the `activation.control` job, through the ledger
 * (`activation:<launchId>:<activationId>:<action>:<n>`).
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob } from '../jobs/job-kind.ts';
import { OperationalError, UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { type HandleAction, isActivationHandle } from './activation-connector.ts';
import { openActivationConnector } from './activation-connectors.ts';
import { type ActivationJobOptions, scheduleActivationSend } from './activation-send-job.ts';
import {
  type ActivationRow,
  type ActivationState,
  activationsDb,
  isManualActivation,
  loadActivationLaunch,
} from './activation-store.ts';

/** Who changes the activations of which launch, and why (audited). */
export interface ActivationChange {
  launchId: string;
  actor: string;
  reason: string;
  /** Time a person spent on the decision, for the automation ledger. */
  humanMinutes?: number;
}

/** What a change did: the activations it moved, and the vendor calls it queued. */
export interface ActivationChangeResult {
  activations: string[];
  vendorCalls: number;
}

const controlPayload = z.object({
  launchId: z.string().min(1),
  activationId: z.string().min(1),
  action: z.enum(['cancel', 'pause', 'resume']),
  n: z.int().min(1),
});

/**
 * Creates the `activation.control` job kind; connector secrets are read from `env`.
 *
 * @example
 * const job = createActivationControlJob({ env: process.env });
 */
export function createActivationControlJob(options: ActivationJobOptions) {
  const openConnector = options.openConnector ?? openActivationConnector;
  return defineJob({
    name: 'activation.control',
    payload: controlPayload,
    run: async ({ launchId, activationId, action, n }, { db, clock }) => {
      const row = await lockedRows(db, launchId, [], activationId).then((rows) => rows[0]);
      if (!row?.handle || !row.connector_id) return;
      const launch = await loadActivationLaunch(db, launchId);
      const updateRow = (values: { error: string } | { handle: string }) =>
        activationsDb(db)
          .updateTable('activations')
          .set({ ...values, updated_at: clock.now() })
          .where('launch_id', '=', launchId)
          .where('activation_id', '=', activationId)
          .execute();
      const recordError = (error: string) => updateRow({ error });
      try {
        const connector = await openConnector(launch.plan, row.connector_id, options.env);
        const handle = row.handle;
        const control = connector.control?.bind(connector);
        if (!control) {
          await recordError(`connector '${row.connector_id}' cannot ${action} at the vendor`);
          return;
        }
        const outcome = await deliverOnce(
          db,
          clock,
          {
            key: `activation:${launchId}:${activationId}:${action}:${n}`,
            channel: row.channel,
            launchId,
            request: { action, handle },
          },
          () => control(handle, action),
        );
        const changed = outcome.row.response?.handle;
        if (outcome.state === 'sent' && isActivationHandle(changed)) {
          await updateRow({ handle: JSON.stringify(changed) });
        }
      } catch (error) {
        if (error instanceof OperationalError && error.retryable) throw error;
        await recordError(`${action} at the vendor failed: ${(error as Error).message}`);
      }
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const activationControlJob = createActivationControlJob({ env: process.env });

/**
 * Pauses every activation that has not gone out (their sends are held; armed sends are paused at
 * the vendor) and the ads that are running (paused at the vendor). Human task `marketing_pause`.
 *
 * @example
 * await pauseActivations(trx, clock, { launchId, actor: 'token:ana', reason: 'P0 incident' });
 */
export async function pauseActivations(
  trx: DbExecutor,
  clock: Clock,
  change: ActivationChange,
): Promise<ActivationChangeResult> {
  const rows = await lockedRows(trx, change.launchId, ['scheduled', 'armed', 'sent']);
  const paused = rows.filter(
    (row) =>
      !isManualActivation(row) &&
      (row.state !== 'sent' || (row.channel === 'ads' && row.handle !== null)),
  );
  let vendorCalls = 0;
  for (const row of paused) {
    await setState(trx, clock, row, {
      state: 'paused',
      paused_from: row.state as 'scheduled' | 'armed' | 'sent',
      paused_at: clock.now(),
    });
    await cancelDueSends(trx, clock, row);
    if (row.state !== 'scheduled' && row.handle) {
      await queueVendorCall(trx, clock, row, 'pause');
      vendorCalls += 1;
    }
  }
  return finish(trx, clock, change, 'pause', { activations: ids(paused), vendorCalls });
}

/**
 * Lifts a pause: held activations are scheduled again (those past due go out now), paused vendor
 * sends and ads are resumed at the vendor.
 *
 * @example
 * await resumeActivations(trx, clock, { launchId, actor: 'token:ana', reason: 'incident resolved' });
 */
export async function resumeActivations(
  trx: DbExecutor,
  clock: Clock,
  change: ActivationChange,
): Promise<ActivationChangeResult> {
  const rows = await lockedRows(trx, change.launchId, ['paused']);
  const now = clock.now();
  let vendorCalls = 0;
  for (const row of rows) {
    const back = row.paused_from ?? 'scheduled';
    await setState(trx, clock, row, { state: back, paused_from: null, paused_at: null });
    if (back !== 'sent') {
      const dueAt = new Date(Math.max(new Date(row.due_at).getTime(), now.getTime()));
      await scheduleActivationSend(trx, clock, {
        launchId: row.launch_id,
        activationId: row.activation_id,
        dueAt,
        reason: `resume:${now.toISOString()}`,
      });
    }
    if (back !== 'scheduled' && row.handle) {
      await queueVendorCall(trx, clock, row, 'resume');
      vendorCalls += 1;
    }
  }
  return finish(trx, clock, change, 'resume', { activations: ids(rows), vendorCalls });
}

/**
 * Cancels one activation (`activationId`) or every one that has not gone out; an armed send is
 * cancelled at the vendor. Cancelling an activation that was sent is a 409 naming it.
 *
 * @example
 * await cancelActivations(trx, clock, { launchId, activationId: 'email_t0', actor: 'token:mia', reason: 'typo' });
 */
export async function cancelActivations(
  trx: DbExecutor,
  clock: Clock,
  change: ActivationChange & { activationId?: string | undefined },
): Promise<ActivationChangeResult> {
  const rows = await lockedRows(trx, change.launchId, [], change.activationId);
  if (change.activationId !== undefined) {
    const [row] = rows;
    if (!row) {
      throw new UserError(
        'not_found',
        `launch ${change.launchId} has no activation '${change.activationId}'`,
        { status: 404, path: ['activationId'] },
      );
    }
    if (wentOut(row)) {
      throw new UserError(
        'conflict',
        `activation '${row.activation_id}' was already sent${row.sent_at ? ` at ${new Date(row.sent_at).toISOString()}` : ''}; it cannot be cancelled`,
        { status: 409, path: ['activationId'] },
      );
    }
  }
  const cancelled = rows.filter(
    (row) => !wentOut(row) && row.state !== 'cancelled' && row.state !== 'failed',
  );
  let vendorCalls = 0;
  for (const row of cancelled) {
    await setState(trx, clock, row, {
      state: 'cancelled',
      paused_from: null,
      error: `${cancelledPrefix}${change.reason}`,
    });
    await cancelDueSends(trx, clock, row);
    if ((row.state === 'armed' || row.paused_from === 'armed') && row.handle) {
      await queueVendorCall(trx, clock, row, 'cancel');
      vendorCalls += 1;
    }
  }
  await recordAudit(trx, clock, {
    actor: change.actor,
    action: 'activations.cancel',
    subjectType: change.activationId ? 'activation' : 'launch',
    subjectId: change.activationId ?? change.launchId,
    launchId: change.launchId,
    detail: { reason: change.reason, activations: ids(cancelled), vendorCalls },
  });
  return { activations: ids(cancelled), vendorCalls };
}

/** True once the activation reached people (or is reaching them right now). */
function wentOut(row: ActivationRow): boolean {
  return row.state === 'sent' || row.state === 'sending' || row.paused_from === 'sent';
}

async function lockedRows(
  executor: DbExecutor,
  launchId: string,
  states: ActivationState[],
  activationId?: string,
): Promise<ActivationRow[]> {
  await loadActivationLaunch(executor, launchId);
  let query = activationsDb(executor)
    .selectFrom('activations')
    .selectAll()
    .where('launch_id', '=', launchId);
  if (states.length > 0) query = query.where('state', 'in', states);
  if (activationId !== undefined) query = query.where('activation_id', '=', activationId);
  return query.orderBy('due_at').orderBy('activation_id').forUpdate().execute();
}

/** The `error` of a cancelled activation: `cancelled: <reason>`. */
export const cancelledPrefix = 'cancelled: ';

async function setState(
  executor: DbExecutor,
  clock: Clock,
  row: ActivationRow,
  change: {
    state: ActivationState;
    paused_from?: ActivationRow['paused_from'];
    paused_at?: Date | null;
    error?: string | null;
  },
): Promise<void> {
  await activationsDb(executor)
    .updateTable('activations')
    .set({ ...change, updated_at: clock.now() })
    .where('launch_id', '=', row.launch_id)
    .where('activation_id', '=', row.activation_id)
    .execute();
}

/** Cancels the unreleased sends of an activation (`activation:<l>:<a>:send:*`). */
async function cancelDueSends(executor: DbExecutor, clock: Clock, row: ActivationRow) {
  const prefix = `activation:${row.launch_id}:${row.activation_id}:send:`;
  await executor
    .updateTable('scheduled_work')
    .set({ cancelled_at: clock.now() })
    .where('launch_id', '=', row.launch_id)
    .where('dedup_key', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
    .where('released_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

/** Queues a vendor call for the activation's handle (the n-th control of this activation). */
async function queueVendorCall(
  executor: DbExecutor,
  clock: Clock,
  row: ActivationRow,
  action: HandleAction,
): Promise<void> {
  const counted = await activationsDb(executor)
    .updateTable('activations')
    .set((eb) => ({ control_count: eb('control_count', '+', 1) }))
    .where('launch_id', '=', row.launch_id)
    .where('activation_id', '=', row.activation_id)
    .returning('control_count')
    .executeTakeFirstOrThrow();
  const n = counted.control_count;
  await scheduleWork(executor, clock, {
    kind: activationControlJob,
    data: { launchId: row.launch_id, activationId: row.activation_id, action, n },
    dueAt: clock.now(),
    dedupKey: `activation:${row.launch_id}:${row.activation_id}:${action}:${n}`,
    launchId: row.launch_id,
  });
}

async function finish(
  trx: DbExecutor,
  clock: Clock,
  change: ActivationChange,
  action: 'pause' | 'resume',
  result: ActivationChangeResult,
): Promise<ActivationChangeResult> {
  await recordAudit(trx, clock, {
    actor: change.actor,
    action: `activations.${action}`,
    subjectType: 'launch',
    subjectId: change.launchId,
    launchId: change.launchId,
    detail: { reason: change.reason, ...result },
  });
  await recordTask(trx, clock, {
    launchId: change.launchId,
    task: 'marketing_pause',
    subject: `${action}@${clock.now().toISOString()}`,
    mode: 'human',
    humanMinutes: change.humanMinutes ?? 0,
    actor: change.actor,
    detail: { reason: change.reason },
  });
  return result;
}

function ids(rows: ActivationRow[]): string[] {
  return rows.map((row) => row.activation_id);
}
