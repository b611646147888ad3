/**
 * The end of a runbook run, handed to whoever reacts to it (an incident moves to monitoring when
 * its rollback succeeded). The executor enqueues one `runbook.finished` job in the transaction
 * that ends the run; the job calls every handler. Handlers must be idempotent.
 */
import { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import { defineJob, type JobKind } from '../jobs/job-kind.ts';
import type { Db } from '../store/database.ts';

export const runbookFinishedPayload = z.object({
  runId: z.uuid(),
  launchId: z.uuid().nullable(),
  runbookId: z.string(),
  state: z.enum(['succeeded', 'failed', 'escalated']),
  detail: z.string(),
});

/** A finished run. */
export type RunbookFinished = z.infer<typeof runbookFinishedPayload>;

/** Something that reacts to finished runs. */
export interface RunbookFinishedHandler {
  readonly name: string;
  handle(event: RunbookFinished, context: { db: Db; clock: Clock }): Promise<void>;
}

/**
 * The `runbook.finished` job, calling `handlers` in order.
 *
 * @example
 * export const runbookFinishedJob = defineRunbookFinishedJob([rollbackOutcomeHandler]);
 */
export function defineRunbookFinishedJob(
  handlers: readonly RunbookFinishedHandler[],
): JobKind<RunbookFinished> {
  return defineJob({
    name: 'runbook.finished',
    payload: runbookFinishedPayload,
    run: async (event, { db, clock }) => {
      for (const handler of handlers) await handler.handle(event, { db, clock });
    },
  });
}
