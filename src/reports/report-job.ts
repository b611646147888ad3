/**
 * The `report.send` job: collects a report's figures, renders it and sends it to chat and
 * e-mail, each send at most once through the delivery ledger.
 */
import { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { defineJob } from '../jobs/job-kind.ts';
import { parameterValuesOf, resolveParameters } from '../plan/resolve.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { OperationalError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import { collectReportContent } from './report-content.ts';
import { type ReportLaunch, reportDependencies } from './report-dependencies.ts';
import { reportModel } from './report-model.ts';
import { reportPeriod } from './report-period.ts';
import { renderChatReport, renderEmailReport, reportTemplatesFor } from './report-templates.ts';

/**
 * Sends report `n` of a launch (see `reportPeriod`). Skips a launch that was aborted. A template
 * error fails that channel's delivery with a reason naming the template and does not fail the
 * job; a retryable send fault (`OperationalError`) fails the job so that pg-boss retries it, and
 * the channel already sent is not sent again.
 *
 * Delivery keys: `report:<launchId>:<n>:chat` and `report:<launchId>:<n>:email`.
 *
 * @example
 * await queue.enqueue(trx, reportSendJob, { launchId, n: 73 }); // day 4's report, now
 */
export const reportSendJob = defineJob({
  name: 'report.send',
  payload: z.object({ launchId: z.uuid(), n: z.int().min(1) }),
  run: async ({ launchId, n }, { db, clock }) => {
    const row = await db
      .selectFrom('launches')
      .innerJoin('ventures', 'ventures.id', 'launches.venture_id')
      .select(['launches.id', 'launches.venture_id', 'launches.state', 'launches.t0'])
      .select(['launches.plan', 'ventures.name as venture_name'])
      .where('launches.id', '=', launchId)
      .executeTakeFirst();
    if (!row || row.state === 'aborted') return;
    const plan = row.plan as LaunchPlan;
    const launch: ReportLaunch = {
      id: row.id,
      ventureId: row.venture_id,
      ventureName: row.venture_name,
      plan,
    };
    const t0 = new Date(row.t0);
    const period = reportPeriod(t0, n);
    const deps = reportDependencies();
    const parameters = parameterValuesOf(
      resolveParameters({ plan, overrides: await overridesOf(db, launchId) }),
    );
    const content = await collectReportContent(deps.metrics, {
      launchId,
      t0,
      period,
      targets: { day1: parameters.target_users_day1, week1: parameters.target_users_week1 },
    });
    const model = reportModel(launch, content, await deps.triggerStates(launchId, period.end));
    const templates = reportTemplatesFor(plan.templates ?? [], period.cadence);
    const about = { report: n, cadence: period.cadence, periodEnd: period.end.toISOString() };

    const outcomes = await Promise.allSettled([
      sendOnce(db, clock, { key: `report:${launchId}:${n}:chat`, channel: 'chat', launchId }, () =>
        renderChatReport(templates, model).then((text) => ({
          request: { ...about, text },
          send: () => deps.sender.chat(launch, text),
        })),
      ),
      sendOnce(
        db,
        clock,
        { key: `report:${launchId}:${n}:email`, channel: 'email', launchId },
        () =>
          renderEmailReport(templates, model).then((email) => ({
            request: { ...about, ...email },
            send: () => deps.sender.email(launch, email),
          })),
      ),
    ]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  },
});

/** A rendered message ready to send, or why it could not be rendered. */
type Prepared =
  | { request: Record<string, unknown>; send: () => Promise<Record<string, unknown>> }
  | { renderError: unknown };

/**
 * Renders, then sends through the ledger. A failure the ledger records as final (a template
 * error, naming the template, or a send the vendor refused) is not rethrown: retrying the job
 * would not resend it. Retryable faults and anything else (the database) are rethrown.
 */
async function sendOnce(
  db: Db,
  clock: Clock,
  target: { key: string; channel: string; launchId: string },
  prepare: () => Promise<Prepared>,
): Promise<void> {
  const prepared = await prepare().catch((renderError: unknown) => ({ renderError }));
  const settled: { finalError?: unknown } = {};
  const send = async () => {
    try {
      if ('renderError' in prepared) throw prepared.renderError;
      return await prepared.send();
    } catch (error) {
      if (!(error instanceof OperationalError && error.retryable)) settled.finalError = error;
      throw error;
    }
  };
  const request =
    'renderError' in prepared
      ? { rendered: false, error: String(prepared.renderError) }
      : prepared.request;
  try {
    await deliverOnce(db, clock, { ...target, request }, send);
  } catch (error) {
    if (!('finalError' in settled) || settled.finalError !== error) throw error;
  }
}

async function overridesOf(db: Db, launchId: string): Promise<Record<string, unknown>> {
  const rows = await db
    .selectFrom('parameter_overrides')
    .select(['name', 'value'])
    .where('launch_id', '=', launchId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}
