/**
 * Day 14 without success (SPEC §3, LAUNCH-004 not reached): the LEAD decides whether to extend the
 * monitoring, pivot, or declare the launch unsuccessful. `requestOutcomeDecision` asks once per
 * launch (audit `launch.outcome_requested`) and schedules the message to the plan's leads, sent
 * on the plan's chat connector and by e-mail through the delivery ledger, with the exit gates
 * that are still failing as evidence.
 */
import { z } from 'zod';
import { leadRecipients } from '../../alerts/alert-notice.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Clock } from '../../clock/clock.ts';
import { deliverComms, openMessageChannel, throwIfRetrying } from '../../comms/comms-delivery.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { scheduleWork } from '../../jobs/due-work.ts';
import { defineJob } from '../../jobs/job-kind.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { DbExecutor } from '../../store/database.ts';
import { findLaunchRow } from '../launch-service.ts';
import { evaluateExitGates } from './exit-gates.ts';

/** What the LEAD may decide. */
export const outcomeOptions = ['extend', 'pivot', 'unsuccessful'] as const;

/**
 * Creates the `launch.outcome-request` job kind (the message to the leads).
 *
 * @example
 * const job = createOutcomeRequestJob({ env: process.env });
 */
export function createOutcomeRequestJob(options: { env: SecretEnv }) {
  return defineJob({
    name: 'launch.outcome-request',
    payload: z.object({ launchId: z.uuid(), deadline: z.iso.datetime() }),
    run: async ({ launchId, deadline }, context) => {
      const launch = await findLaunchRow(context.db, launchId);
      const plan = launch.plan as LaunchPlan;
      const gates = await evaluateExitGates(context.db, context.clock, launchId);
      const failing = gates.gates.filter((gate) => !gate.passed);
      const title = `${plan.venture.name}: launch not succeeded by ${deadline.slice(0, 10)} — LEAD decision needed`;
      const text = [
        `${title}.`,
        `T0 ${launch.t0.toISOString()}. Decide: extend the monitoring window, pivot, or declare the launch unsuccessful.`,
        failing.length > 0
          ? `Exit gates failing: ${failing.map((gate) => `${gate.id} (${gate.detail})`).join('; ')}.`
          : 'All exit gates pass now; LAUNCH-004 targets were not met.',
      ].join('\n');
      const leads = leadRecipients(plan);
      const sends = (['chat', 'email'] as const).map((kind) => {
        const key = `outcome:${launchId}:${deadline}:${kind}`;
        return deliverComms(context, { key, channel: kind, launchId }, async () =>
          (await openMessageChannel(plan, kind, undefined, options.env)).prepareMessage({
            id: key,
            title,
            text,
            recipients: leads,
            sentAt: context.clock.now(),
          }),
        );
      });
      throwIfRetrying(`launch ${launchId} outcome request`, await Promise.allSettled(sends));
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const outcomeRequestJob = createOutcomeRequestJob({ env: process.env });

/**
 * Asks the LEAD, once per success deadline (an extension sets a new one), to extend, pivot or
 * declare the launch unsuccessful: audits `launch.outcome_requested` and schedules the message in
 * `trx`. Returns false when it was already asked for this deadline.
 *
 * @example
 * await db.transaction().execute((trx) => requestOutcomeDecision(trx, clock, launchId));
 */
export async function requestOutcomeDecision(
  trx: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<boolean> {
  const launch = await findLaunchRow(trx, launchId);
  const deadline = (launch.success_deadline ?? launch.t0).toISOString();
  const scheduled = await scheduleWork(trx, clock, {
    kind: outcomeRequestJob,
    data: { launchId, deadline },
    dueAt: clock.now(),
    dedupKey: `${launchId}:outcome-request:${deadline}`,
    launchId,
  });
  if (!scheduled) return false;
  await recordAudit(trx, clock, {
    actor: 'system:launchcrew',
    action: 'launch.outcome_requested',
    subjectType: 'launch',
    subjectId: launchId,
    launchId,
    detail: { to: 'lead', deadline, options: [...outcomeOptions] },
  });
  return true;
}
