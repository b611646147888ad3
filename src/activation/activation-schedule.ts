/**
 * The marketing schedule of a launch (SPEC §31.2): on the go decision, one row per plan
 * activation at T0 + its offset, its send as due work, and the T+15 deliverability check; on
 * go-live, the early arming at the vendor of what is due later.
 */
import type { Clock } from '../clock/clock.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { parseOffset } from '../plan/durations.ts';
import type { DbExecutor } from '../store/database.ts';
import { activationCheckJob } from './activation-check.ts';
import { cancelledPrefix } from './activation-control.ts';
import { armLeadMs, scheduleActivationSend } from './activation-send-job.ts';
import {
  activationDeliveryKey,
  activationsDb,
  isManualActivation,
  loadActivationLaunch,
} from './activation-store.ts';

/** How a postponement's cancellation reason starts (`postponeLaunch`). */
export const postponedPrefix = 'postponed: ';

/** When the deliverability and engagement check runs, after T0. */
export const activationCheckOffsetMs = 15 * 60_000;

/**
 * Creates the activations of a launch from its plan (due at T0 + offset), schedules each
 * automated one's send and the T+15 check. Call it in the go-decision transaction. Idempotent:
 * returns how many activations were created by this call.
 *
 * @example
 * await db.transaction().execute((trx) => scheduleActivations(trx, clock, launchId)); // 6
 */
export async function scheduleActivations(
  trx: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<number> {
  const launch = await loadActivationLaunch(trx, launchId);
  let created = 0;
  for (const activation of launch.plan.activations ?? []) {
    const offset = parseOffset(activation.at);
    if (offset === undefined) throw new Error(`activation ${activation.id}: bad offset`);
    const dueAt = new Date(launch.t0.getTime() + offset);
    const inserted = await activationsDb(trx)
      .insertInto('activations')
      .values({
        launch_id: launchId,
        activation_id: activation.id,
        channel: activation.channel,
        connector_id: activation.connector ?? null,
        due_at: dueAt,
        state: 'scheduled',
        delivery_key: activationDeliveryKey(launchId, activation.id),
        updated_at: clock.now(),
      })
      // A postponement cancelled what had not gone out: the next go schedules it again.
      .onConflict((oc) =>
        oc
          .columns(['launch_id', 'activation_id'])
          .doUpdateSet({ state: 'scheduled', due_at: dueAt, error: null, updated_at: clock.now() })
          .where('activations.state', '=', 'cancelled')
          .where('activations.sent_at', 'is', null)
          .where('activations.handle', 'is', null)
          .where('activations.error', 'like', `${cancelledPrefix}${postponedPrefix}%`),
      )
      .returning('activation_id')
      .executeTakeFirst();
    if (!inserted) continue;
    created += 1;
    const row = { connector_id: activation.connector ?? null, channel: activation.channel };
    if (!isManualActivation(row)) {
      await scheduleActivationSend(trx, clock, { launchId, activationId: activation.id, dueAt });
    }
  }
  if ((launch.plan.activations ?? []).length > 0) {
    await scheduleWork(trx, clock, {
      kind: activationCheckJob,
      data: { launchId },
      dueAt: new Date(launch.t0.getTime() + activationCheckOffsetMs),
      dedupKey: `activation-check:${launchId}:${launch.t0.toISOString()}`,
      launchId,
    });
  }
  return created;
}

/**
 * On go-live: asks the send job now for every scheduled activation with a connector that is due
 * more than two minutes later, so that vendors which hold sends get them early (the job leaves
 * the others to their due time). Returns how many were asked.
 *
 * @example
 * await db.transaction().execute((trx) => armActivations(trx, clock, launchId));
 */
export async function armActivations(
  trx: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<number> {
  const now = clock.now();
  const rows = await activationsDb(trx)
    .selectFrom('activations')
    .select('activation_id')
    .where('launch_id', '=', launchId)
    .where('state', '=', 'scheduled')
    .where('connector_id', 'is not', null)
    .where('due_at', '>', new Date(now.getTime() + armLeadMs))
    .execute();
  for (const row of rows) {
    await scheduleActivationSend(trx, clock, {
      launchId,
      activationId: row.activation_id,
      dueAt: now,
      reason: 'arm',
    });
  }
  return rows.length;
}
