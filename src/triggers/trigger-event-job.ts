/**
 * The `trigger.event` job: one per transition of a rule to firing or resolved, enqueued in the
 * transaction that stores the new state. It hands the event to every registered handler, in
 * order; a handler that throws fails the job, which is retried (handlers are idempotent).
 */
import { z } from 'zod';
import { defineJob, type JobKind } from '../jobs/job-kind.ts';
import type { TriggerEvent, TriggerEventHandler } from './trigger-event.ts';

const triggerEventSchema: z.ZodType<TriggerEvent> = z.object({
  id: z.string().min(1),
  launchId: z.string().min(1),
  ruleId: z.string().min(1),
  triggerId: z.string().min(1),
  state: z.enum(['firing', 'resolved']),
  level: z.enum(['critical', 'warning', 'info']),
  severity: z.enum(['P0', 'P1', 'P2', 'P3']).optional(),
  value: z.number().nullable(),
  reason: z.string(),
  at: z.string(),
  firedAt: z.string(),
  fireCount: z.number().int().nonnegative(),
});

/** Name of the job kind. */
export const triggerEventJobName = 'trigger.event';

/**
 * The job kind that runs `handlers` for each trigger event.
 *
 * @example
 * export const triggerEventJob = defineTriggerEventJob(triggerEventHandlers);
 */
export function defineTriggerEventJob(
  handlers: ReadonlyArray<TriggerEventHandler>,
): JobKind<TriggerEvent> {
  return defineJob({
    name: triggerEventJobName,
    payload: triggerEventSchema,
    run: async (event, { db, clock }) => {
      for (const handler of handlers) await handler.handle(event, { db, clock });
    },
  });
}
