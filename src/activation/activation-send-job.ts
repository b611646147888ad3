/**
 * The `activation.send` job: sends one activation exactly once (delivery ledger key
 * `activation:<launchId>:<activationId>`), only once the product is live. Before that it looks
 * again every minute, for at most two hours past the due time. A launch that ended cancels it, a
 * pause keeps it paused. When the vendor can hold a send and the activation is due more than two
 * minutes later, it is armed at the vendor early (scheduled for its due time), so that a vendor
 * outage at the due minute cannot delay it.
 */
import { z } from 'zod';
import { recordTask } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import { terminalStates } from '../launch/launch-view.ts';
import { OperationalError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { showActivationBanner } from './activation-banner.ts';
import {
  type ActivationConnector,
  type ActivationMessage,
  isActivationHandle,
} from './activation-connector.ts';
import { openActivationConnector } from './activation-connectors.ts';
import { type ActivationSender, deliverActivation } from './activation-delivery.ts';
import { buildActivationMessage, planActivation } from './activation-message.ts';
import {
  type ActivationLaunch,
  type ActivationRow,
  type ActivationState,
  activationsDb,
  isManualActivation,
  loadActivationLaunch,
} from './activation-store.ts';

const MINUTE = 60_000;
/** How long past its due time an activation waits for the product to go live. */
export const liveWaitLimitMs = 120 * MINUTE;
/** An activation due later than this is armed at the vendor rather than sent at the minute. */
export const armLeadMs = 2 * MINUTE;

/** Opens a plan connector for activations (the registry, or a test's own). */
export type OpenActivationConnector = typeof openActivationConnector;

/** What the activation job kinds take: where connector secrets are read, and a test's opener. */
export interface ActivationJobOptions {
  env: SecretEnv;
  openConnector?: OpenActivationConnector;
}

const sendPayload = z.object({ launchId: z.string().min(1), activationId: z.string().min(1) });

/**
 * Creates the job kind; connector secrets are read from `env` at send time.
 *
 * @example
 * const job = createActivationSendJob({ env: process.env });
 */
export function createActivationSendJob(options: ActivationJobOptions) {
  const openConnector = options.openConnector ?? openActivationConnector;
  return defineJob({
    name: 'activation.send',
    payload: sendPayload,
    run: async ({ launchId, activationId }, context) => {
      const { db, clock } = context;
      const row = await loadActivationRow(db, launchId, activationId);
      if (!row || isManualActivation(row)) return;
      const now = clock.now();
      const dueAt = new Date(row.due_at);
      if (row.state === 'armed') {
        if (now >= dueAt) await settle(db, clock, row, ['armed'], { state: 'sent', sentAt: dueAt });
        return;
      }
      if (row.state !== 'scheduled' && row.state !== 'sending') return;
      const launch = await loadActivationLaunch(db, launchId);
      if (launch.endedAt || terminalStates.has(launch.state)) {
        await settle(db, clock, row, ['scheduled', 'sending'], {
          state: 'cancelled',
          error: `launch ${launch.state}`,
        });
        return;
      }
      if (!launch.liveAt) {
        await waitForLive(db, clock, row);
        return;
      }
      await sendLive(context, { launch, row, env: options.env, openConnector });
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const activationSendJob = createActivationSendJob({ env: process.env });

/**
 * Schedules the send of an activation at `dueAt` (due work; once per activation and time).
 *
 * @example
 * await scheduleActivationSend(trx, clock, { launchId, activationId: 'email_t0', dueAt: t0 });
 */
export async function scheduleActivationSend(
  executor: DbExecutor,
  clock: Clock,
  send: { launchId: string; activationId: string; dueAt: Date; reason?: string },
): Promise<boolean> {
  const { launchId, activationId, dueAt } = send;
  return scheduleWork(executor, clock, {
    kind: activationSendJob,
    data: { launchId, activationId },
    dueAt,
    dedupKey: `activation:${launchId}:${activationId}:send:${send.reason ?? dueAt.toISOString()}`,
    launchId,
  });
}

async function loadActivationRow(
  executor: DbExecutor,
  launchId: string,
  activationId: string,
): Promise<ActivationRow | undefined> {
  return activationsDb(executor)
    .selectFrom('activations')
    .selectAll()
    .where('launch_id', '=', launchId)
    .where('activation_id', '=', activationId)
    .executeTakeFirst();
}

/** Not live yet: look again in a minute, or give up two hours past the due time. */
async function waitForLive(db: DbExecutor, clock: Clock, row: ActivationRow): Promise<void> {
  const now = clock.now();
  const dueAt = new Date(row.due_at);
  if (now < dueAt) return;
  if (now.getTime() - dueAt.getTime() >= liveWaitLimitMs) {
    await settle(db, clock, row, ['scheduled', 'sending'], {
      state: 'failed',
      error: 'product never went live',
    });
    return;
  }
  await scheduleActivationSend(db, clock, {
    launchId: row.launch_id,
    activationId: row.activation_id,
    dueAt: new Date(now.getTime() + MINUTE),
  });
}

/** True when the vendor can hold this send until its due time, and it is worth doing so. */
function canArm(connector: ActivationConnector, dueAt: Date, now: Date): boolean {
  const ahead = dueAt.getTime() - now.getTime();
  return connector.canSchedule && ahead > armLeadMs && ahead <= connector.maxScheduleAheadMs;
}

async function sendLive(
  context: JobContext,
  input: {
    launch: ActivationLaunch;
    row: ActivationRow;
    env: SecretEnv;
    openConnector: OpenActivationConnector;
  },
): Promise<void> {
  const { db, clock } = context;
  const { launch, row } = input;
  const now = clock.now();
  const dueAt = new Date(row.due_at);
  let sender: ActivationSender;
  let message: ActivationMessage;
  try {
    const connector = row.connector_id
      ? await input.openConnector(launch.plan, row.connector_id, input.env)
      : undefined;
    const early = dueAt > now;
    if (early && !(connector && canArm(connector, dueAt, now))) return;
    const activation = planActivation(launch.plan, row.activation_id);
    message = await buildActivationMessage(launch, activation, {
      sendAt: early ? dueAt : now,
      now,
      key: row.delivery_key,
    });
    sender = connector ?? bannerSender(db, clock, launch.ventureId);
  } catch (error) {
    if (error instanceof OperationalError && error.retryable) throw error;
    await settle(db, clock, row, ['scheduled', 'sending'], {
      state: 'failed',
      error: describe(error),
    });
    return;
  }
  const claimed = await settle(db, clock, row, ['scheduled', 'sending'], { state: 'sending' });
  if (!claimed) return;
  const armed = dueAt > now;
  try {
    const outcome = await deliverActivation(context.db, clock, sender, message, {
      channel: row.channel,
      launchId: row.launch_id,
      request: armed ? { scheduled_for: dueAt.toISOString() } : {},
    });
    const handle = outcome.row.response?.handle;
    const fields =
      outcome.state === 'sent'
        ? {
            state: (armed ? 'armed' : 'sent') as ActivationState,
            sentAt: armed ? null : now,
            error: null,
          }
        : {
            state: 'failed' as const,
            error:
              outcome.state === 'unknown'
                ? 'the send was interrupted and the vendor cannot de-duplicate; check at the vendor'
                : (outcome.row.error ?? `delivery ${outcome.state}`),
          };
    await settle(db, clock, row, ['scheduled', 'sending', 'paused'], {
      ...fields,
      handle: isActivationHandle(handle) ? handle : undefined,
    });
    if (outcome.state === 'sent') {
      await recordTask(db, clock, {
        launchId: row.launch_id,
        task: 'activation',
        subject: row.activation_id,
        mode: 'automatic',
        actor: 'system:launchcrew',
        detail: { channel: row.channel, connector: row.connector_id, armed },
      });
    }
  } catch (error) {
    if (error instanceof OperationalError && error.retryable) {
      await settle(db, clock, row, ['sending'], { state: 'scheduled', error: describe(error) });
      throw error;
    }
    await settle(db, clock, row, ['scheduled', 'sending'], {
      state: 'failed',
      error: describe(error),
    });
  }
}

/** The in-app banner: LaunchCrew shows the text itself (safe to repeat). */
function bannerSender(db: DbExecutor, clock: Clock, ventureId: string): ActivationSender {
  return {
    vendorIdempotent: true,
    prepare: (message) => ({
      request: { banner: message.text, level: 'info' },
      send: () => showActivationBanner(db, clock, ventureId, message.text),
    }),
  };
}

/** Moves the row from one of `from` to a new state; false when it was in none of them. */
async function settle(
  executor: DbExecutor,
  clock: Clock,
  row: ActivationRow,
  from: ActivationState[],
  change: {
    state: ActivationState;
    error?: string | null;
    sentAt?: Date | null;
    handle?: ActivationRow['handle'] | undefined;
  },
): Promise<boolean> {
  const result = await activationsDb(executor)
    .updateTable('activations')
    .set({
      state: change.state,
      updated_at: clock.now(),
      ...(change.state === 'sent' || change.state === 'armed'
        ? { paused_from: null, paused_at: null }
        : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.sentAt !== undefined ? { sent_at: change.sentAt } : {}),
      ...(change.handle ? { handle: JSON.stringify(change.handle) } : {}),
    })
    .where('launch_id', '=', row.launch_id)
    .where('activation_id', '=', row.activation_id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
