/**
 * Publishing an incident's status: the status page and the in-app banner change in the caller's
 * transaction, and a `comms.send` job (enqueued in the same transaction) sends the configured
 * messages — user e-mail, press, investors, Statuspage — each exactly once.
 */
import type { Clock } from '../clock/clock.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { loadCommsIncident } from './comms-model.ts';
import { commsSendJob } from './comms-send-job.ts';
import {
  type BannerLevel,
  commsDb,
  type IncidentSeverity,
  type IncidentStatus,
} from './comms-tables.ts';
import { defaultStatusMessage, renderComms } from './comms-templates.ts';

/** One public status update of an incident. */
export interface IncidentUpdate {
  launchId: string;
  incidentId: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  /** Public text of the update; by default a sentence for the status. */
  message?: string;
  /** Public name of the incident (first update); default "Service disruption". */
  title?: string;
  at?: Date;
}

/** What publishing needs: the clock and the queue the job is enqueued on. */
export interface CommsDeps {
  clock: Clock;
  jobs: JobQueue;
}

const bannerLevels: Record<IncidentSeverity, BannerLevel> = {
  P0: 'critical',
  P1: 'critical',
  P2: 'warning',
  P3: 'info',
};
const severityRank: Record<IncidentSeverity, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };

/**
 * Records the update (status page and banner) and enqueues the `comms.send` job, all inside
 * `executor`'s transaction. Publishing the same status twice changes nothing and sends nothing
 * twice. P0–P2 incidents raise the banner (P2 with the holding message; a worse incident keeps
 * its place); resolving the incident the banner shows moves it to the worst other open incident
 * or takes it down.
 *
 * @example
 * await db.transaction().execute((trx) => publishIncidentUpdate(trx, { clock, jobs },
 *   { launchId, incidentId, status: 'investigating', severity: 'P0' }));
 */
export async function publishIncidentUpdate(
  executor: DbExecutor,
  deps: CommsDeps,
  update: IncidentUpdate,
): Promise<void> {
  const db = commsDb(executor);
  const at = update.at ?? deps.clock.now();
  const launch = await db
    .selectFrom('launches')
    .select(['venture_id'])
    .where('id', '=', update.launchId)
    .executeTakeFirst();
  if (!launch) {
    throw new UserError('not_found', `launch ${update.launchId} does not exist`, { status: 404 });
  }
  const resolvedAt = update.status === 'resolved' ? at : null;
  await db
    .insertInto('comms_incidents')
    .values({
      incident_id: update.incidentId,
      launch_id: update.launchId,
      venture_id: launch.venture_id,
      title: update.title ?? 'Service disruption',
      severity: update.severity,
      status: update.status,
      started_at: at,
      updated_at: at,
      resolved_at: resolvedAt,
    })
    .onConflict((oc) =>
      oc.column('incident_id').doUpdateSet({
        severity: update.severity,
        status: update.status,
        updated_at: at,
        resolved_at: resolvedAt,
        ...(update.title ? { title: update.title } : {}),
      }),
    )
    .execute();
  const inserted = await db
    .insertInto('comms_incident_updates')
    .values({
      incident_id: update.incidentId,
      status: update.status,
      severity: update.severity,
      message: update.message ?? defaultStatusMessage(update.status),
      at,
    })
    .onConflict((oc) => oc.columns(['incident_id', 'status']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return;
  await updateBanner(executor, launch.venture_id, update, at);
  await deps.jobs.enqueue(executor, commsSendJob, {
    incidentId: update.incidentId,
    status: update.status,
  });
}

async function updateBanner(
  executor: DbExecutor,
  ventureId: string,
  update: IncidentUpdate,
  at: Date,
): Promise<void> {
  const db = commsDb(executor);
  const current = await db
    .selectFrom('comms_banners')
    .selectAll()
    .where('venture_id', '=', ventureId)
    .forUpdate()
    .executeTakeFirst();
  const otherShown =
    current?.active && current.incident_id !== update.incidentId ? current.severity : null;
  if (update.status !== 'resolved' && update.severity !== 'P3') {
    if (otherShown && severityRank[otherShown] < severityRank[update.severity]) return;
    await showOnBanner(executor, ventureId, update, at);
    return;
  }
  if (otherShown || !current) return;
  // The incident shown is over: show the worst other open incident, or take the banner down.
  const next = await db
    .selectFrom('comms_incidents')
    .select(['incident_id', 'severity', 'status'])
    .where('venture_id', '=', ventureId)
    .where('incident_id', '!=', update.incidentId)
    .where('status', '!=', 'resolved')
    .where('severity', '!=', 'P3')
    .orderBy('severity')
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  if (next) {
    await showOnBanner(
      executor,
      ventureId,
      { incidentId: next.incident_id, severity: next.severity, status: next.status },
      at,
    );
    return;
  }
  await db
    .updateTable('comms_banners')
    .set({ active: false, status: update.status, updated_at: at })
    .where('venture_id', '=', ventureId)
    .execute();
}

async function showOnBanner(
  executor: DbExecutor,
  ventureId: string,
  shown: Pick<IncidentUpdate, 'incidentId' | 'severity' | 'status'>,
  at: Date,
): Promise<void> {
  const row = {
    active: true,
    level: bannerLevels[shown.severity],
    message: await bannerMessage(executor, shown),
    incident_id: shown.incidentId,
    severity: shown.severity,
    status: shown.status,
    updated_at: at,
  };
  await commsDb(executor)
    .insertInto('comms_banners')
    .values({ venture_id: ventureId, ...row })
    .onConflict((oc) => oc.column('venture_id').doUpdateSet(row))
    .execute();
}

/** The banner text; a plan template that fails falls back to the update's own message. */
async function bannerMessage(
  executor: DbExecutor,
  update: Pick<IncidentUpdate, 'incidentId' | 'severity'>,
): Promise<string> {
  const incident = await loadCommsIncident(executor, update.incidentId);
  if (!incident) throw new Error(`incident ${update.incidentId} was just recorded`);
  const purpose = update.severity === 'P2' ? 'holding' : 'incident_user';
  try {
    const { text } = await renderComms(
      incident.plan.templates ?? [],
      { purpose, channel: 'in_app_banner' },
      incident.model,
    );
    return text;
  } catch {
    return incident.model.incident.message;
  }
}
