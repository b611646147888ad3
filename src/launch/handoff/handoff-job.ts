/**
 * The `launch.handoff` job: builds and stores the Stage 32 handoff package once (task `handoff`,
 * automatic; audit `launch.handoff`), then sends `MVP_LAUNCHED` exactly once per receiver
 * through the delivery ledger (`handoff:<launchId>:MVP_LAUNCHED:<target>`). The event is sent
 * only for a launch in state `succeeded`.
 */
import { z } from 'zod';
import { publicUrlEnv } from '../../approvals/approval-request.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import { recordTask } from '../../automation/automation-ledger.ts';
import type { Clock } from '../../clock/clock.ts';
import { deliverComms, throwIfRetrying } from '../../comms/comms-delivery.ts';
import type { SecretEnv } from '../../connectors/connector-secrets.ts';
import { defineJob } from '../../jobs/job-kind.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { Db, DbExecutor } from '../../store/database.ts';
import { findLaunchRow } from '../launch-service.ts';
import { renderHandoffMarkdown } from './handoff-markdown.ts';
import { buildHandoffPackage, type HandoffPackage } from './handoff-package.ts';
import { handoffDb } from './handoff-tables.ts';
import { type MvpLaunchedEvent, stage32Targets } from './mvp-launched.ts';

/** A stored handoff package. */
export interface StoredHandoff {
  launchId: string;
  /** Id of the `MVP_LAUNCHED` event of this launch. */
  eventId: string;
  builtAt: string;
  package: HandoffPackage;
  markdown: string;
}

/**
 * The stored handoff package of a launch, or undefined before the handoff job ran.
 *
 * @example
 * const handoff = await getHandoff(db, launchId);
 */
export async function getHandoff(
  db: DbExecutor,
  launchId: string,
): Promise<StoredHandoff | undefined> {
  const row = await handoffDb(db)
    .selectFrom('handoff_packages')
    .selectAll()
    .where('launch_id', '=', launchId)
    .executeTakeFirst();
  return (
    row && {
      launchId: row.launch_id,
      eventId: row.event_id,
      builtAt: row.built_at.toISOString(),
      package: row.package,
      markdown: row.markdown,
    }
  );
}

/**
 * Builds and stores the handoff package unless one is stored; returns the stored one.
 *
 * @example
 * const { eventId } = await storeHandoff(db, clock, launchId);
 */
export async function storeHandoff(db: Db, clock: Clock, launchId: string): Promise<StoredHandoff> {
  const existing = await getHandoff(db, launchId);
  if (existing) return existing;
  const pkg = await buildHandoffPackage(db, clock, launchId);
  await db.transaction().execute(async (trx) => {
    const inserted = await handoffDb(trx)
      .insertInto('handoff_packages')
      .values({
        launch_id: launchId,
        package: JSON.stringify(pkg),
        markdown: renderHandoffMarkdown(pkg),
        built_at: clock.now(),
      })
      .onConflict((oc) => oc.column('launch_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!inserted) return;
    await recordTask(trx, clock, {
      launchId,
      task: 'handoff',
      subject: launchId,
      mode: 'automatic',
      actor: 'system:launchcrew',
    });
    await recordAudit(trx, clock, {
      actor: 'system:launchcrew',
      action: 'launch.handoff',
      subjectType: 'launch',
      subjectId: launchId,
      launchId,
      detail: { event_id: inserted.event_id, data_points: pkg.feedbackSummary.dataPoints },
    });
  });
  const stored = await getHandoff(db, launchId);
  if (!stored) throw new Error(`handoff package of launch ${launchId} was not stored`);
  return stored;
}

/**
 * Creates the `launch.handoff` job kind; receiver secrets are read from `env` at send time.
 *
 * @example
 * const job = createHandoffJob({ env: process.env });
 * await queue.enqueue(trx, job, { launchId }, { singletonKey: `launch.handoff:${launchId}` });
 */
export function createHandoffJob(options: { env: SecretEnv }) {
  return defineJob({
    name: 'launch.handoff',
    payload: z.object({ launchId: z.uuid() }),
    run: async ({ launchId }, context) => {
      const stored = await storeHandoff(context.db, context.clock, launchId);
      const launch = await findLaunchRow(context.db, launchId);
      if (launch.state !== 'succeeded') return;
      const base = options.env[publicUrlEnv] ?? 'http://127.0.0.1:7300';
      const event: MvpLaunchedEvent = {
        type: 'MVP_LAUNCHED',
        id: stored.eventId,
        occurred_at: stored.package.succeededAt ?? stored.builtAt,
        venture: { id: launch.venture_id, name: launch.venture_name, stage: 32 },
        launch: {
          id: launchId,
          t0: launch.t0.toISOString(),
          live_at: launch.live_at?.toISOString() ?? null,
          succeeded_at: launch.ended_at?.toISOString() ?? null,
        },
        handoff_url: `${base.replace(/\/$/, '')}/v1/launches/${launchId}/handoff`,
      };
      const targets = stage32Targets(launch.plan as LaunchPlan, options.env);
      const sends = targets.map((target) =>
        deliverComms(
          context,
          { key: `handoff:${launchId}:MVP_LAUNCHED:${target.id}`, channel: 'webhook', launchId },
          async () => target.prepare(event, context.clock.now()),
        ),
      );
      throwIfRetrying(`launch ${launchId} MVP_LAUNCHED`, await Promise.allSettled(sends));
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const handoffJob = createHandoffJob({ env: process.env });
