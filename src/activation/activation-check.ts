/**
 * The T+15 deliverability and engagement check (SPEC §31.2): fifteen minutes after the product
 * went live, reads the activations' send outcomes, the bounce rate from the SendGrid events and
 * the e-mail open and click rates; stores `ok` or `warn` with its reasons, audits it, and posts a
 * warning to the plan's chat connector (once, through the ledger).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import { recordTask } from '../automation/automation-ledger.ts';
import { deliverComms, openMessageChannel } from '../comms/comms-delivery.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import { terminalStates } from '../launch/launch-view.ts';
import { launchMetricReader } from '../metrics/launch-metric-reader.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import type { DbExecutor } from '../store/database.ts';
import { type ActivationLaunch, activationsDb, loadActivationLaunch } from './activation-store.ts';

const MINUTE = 60_000;
/** A bounce rate above this (in %) is a deliverability warning. */
export const bounceRateLimit = 5;
/** How long the check waits for the product to go live before checking anyway. */
const liveWaitMs = 120 * MINUTE;

/** The result of a check. */
export interface ActivationCheckResult {
  status: 'ok' | 'warn';
  reasons: string[];
  figures: Record<string, number | null>;
}

/**
 * Creates the `activation.check` job kind; the chat connector's secrets and the metric sources
 * are read with `env` (or the given `reader`).
 *
 * @example
 * const job = createActivationCheckJob({ env: process.env });
 */
export function createActivationCheckJob(options: { env: SecretEnv; reader?: MetricReader }) {
  const job = defineJob({
    name: 'activation.check',
    payload: z.object({ launchId: z.string().min(1) }),
    run: async ({ launchId }, context) => {
      const { db, clock } = context;
      const launch = await loadActivationLaunch(db, launchId);
      if (launch.endedAt && !launch.liveAt) return;
      const now = clock.now();
      const checkAt = launch.liveAt
        ? new Date(launch.liveAt.getTime() + 15 * MINUTE)
        : now.getTime() - launch.t0.getTime() < liveWaitMs
          ? new Date(now.getTime() + 5 * MINUTE)
          : now;
      if (checkAt > now && !terminalStates.has(launch.state)) {
        await scheduleWork(db, clock, {
          kind: job,
          data: { launchId },
          dueAt: checkAt,
          dedupKey: `activation-check:${launchId}:${checkAt.toISOString()}`,
          launchId,
        });
        return;
      }
      const reader = options.reader ?? launchMetricReader(db, options.env);
      const result = await checkActivations(db, reader, launch, now);
      await db.transaction().execute(async (trx) => {
        const row = {
          status: result.status,
          reasons: JSON.stringify(result.reasons),
          figures: JSON.stringify(result.figures),
          checked_at: now,
        };
        await activationsDb(trx)
          .insertInto('activation_checks')
          .values({ launch_id: launchId, ...row })
          .onConflict((oc) => oc.column('launch_id').doUpdateSet(row))
          .execute();
        await recordAudit(trx, clock, {
          actor: 'system:launchcrew',
          action: 'activations.check',
          subjectType: 'launch',
          subjectId: launchId,
          launchId,
          detail: { ...result },
        });
        await recordTask(trx, clock, {
          launchId,
          task: 'activation_check',
          subject: launchId,
          mode: 'automatic',
          actor: 'system:launchcrew',
          detail: { status: result.status },
        });
      });
      if (result.status === 'warn') await postWarning(context, launch, result, options.env);
    },
  });
  return job;
}

/** The job kind the worker runs (secrets from `process.env`). */
export const activationCheckJob = createActivationCheckJob({ env: process.env });

/**
 * The stored check result of a launch, if it ran.
 *
 * @example
 * const check = await loadActivationCheck(db, launchId); // { status: 'warn', reasons: ['bounce rate 7 % > 5 %'], … }
 */
export async function loadActivationCheck(
  executor: DbExecutor,
  launchId: string,
): Promise<(ActivationCheckResult & { checkedAt: string }) | undefined> {
  const row = await activationsDb(executor)
    .selectFrom('activation_checks')
    .selectAll()
    .where('launch_id', '=', launchId)
    .executeTakeFirst();
  return row
    ? {
        status: row.status,
        reasons: row.reasons,
        figures: row.figures,
        checkedAt: new Date(row.checked_at).toISOString(),
      }
    : undefined;
}

async function checkActivations(
  db: DbExecutor,
  reader: MetricReader,
  launch: ActivationLaunch,
  at: Date,
): Promise<ActivationCheckResult> {
  const reasons: string[] = [];
  const rows = await activationsDb(db)
    .selectFrom('activations')
    .select(['activation_id', 'channel', 'state', 'error', 'due_at'])
    .where('launch_id', '=', launch.id)
    .where('due_at', '<=', at)
    .orderBy('due_at')
    .execute();
  for (const row of rows.filter((r) => r.state === 'failed')) {
    reasons.push(`activation ${row.activation_id} failed: ${row.error ?? 'no reason recorded'}`);
  }
  const emailsSent = rows.filter((r) => r.channel === 'email' && r.state === 'sent').length;
  const bounceRate = await readBounceRate(db, launch.id, at);
  if (bounceRate !== null && bounceRate > bounceRateLimit) {
    reasons.push(`bounce rate ${percent(bounceRate)} > ${bounceRateLimit} %`);
  }
  const [opens, clicks] = await Promise.all(
    ['email_open_rate', 'email_click_rate'].map((name) =>
      reader.read({ launchId: launch.id, name, at }),
    ),
  );
  if (emailsSent > 0 && !opens?.value) reasons.push('no opens recorded');
  return {
    status: reasons.length > 0 ? 'warn' : 'ok',
    reasons,
    figures: {
      activations_sent: rows.filter((r) => r.state === 'sent').length,
      activations_failed: rows.filter((r) => r.state === 'failed').length,
      email_bounce_rate: bounceRate,
      email_open_rate: opens?.value ?? null,
      email_click_rate: clicks?.value ?? null,
    },
  };
}

/** Bounced or dropped messages ÷ messages SendGrid processed, in %; null without events. */
async function readBounceRate(db: DbExecutor, launchId: string, at: Date) {
  const { rows } = await sql<{ total: string; bounced: string }>`
    SELECT count(DISTINCT coalesce(sg_message_id, sg_event_id)) AS total,
           count(DISTINCT coalesce(sg_message_id, sg_event_id))
             FILTER (WHERE event IN ('bounce', 'dropped')) AS bounced
    FROM email_events
    WHERE launch_id = ${launchId}::uuid AND ts <= ${at.toISOString()}::timestamptz
      AND event IN ('processed', 'delivered', 'bounce', 'dropped')
  `.execute(db);
  const total = Number(rows[0]?.total ?? 0);
  return total === 0 ? null : (100 * Number(rows[0]?.bounced ?? 0)) / total;
}

function percent(value: number): string {
  return `${Number(value.toFixed(1))} %`;
}

async function postWarning(
  context: JobContext,
  launch: ActivationLaunch,
  result: ActivationCheckResult,
  env: SecretEnv,
) {
  const key = `activation-check:${launch.id}`;
  await deliverComms(context, { key, channel: 'chat', launchId: launch.id }, async () => {
    const channel = await openMessageChannel(launch.plan, 'chat', undefined, env);
    return channel.prepareMessage({
      id: key,
      title: `${launch.ventureName}: T+15 marketing check needs attention`,
      text: result.reasons.map((reason) => `• ${reason}`).join('\n'),
      recipients: [],
      sentAt: context.clock.now(),
    });
  });
}
