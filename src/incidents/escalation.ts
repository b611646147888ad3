/**
 * Escalation to the LEAD (SPEC §3): when LAUNCH-001 fires more than `escalate_after_firings`
 * times in a launch, when nobody acknowledges an incident in `ack_escalation_minutes`, or when a
 * rollback decision times out with the default action `escalate`. Each escalation is a row
 * (unique per cause), an audit entry and a chat message to the plan's leads through the alert
 * channels, sent once through the delivery ledger.
 */
import { z } from 'zod';
import { leadRecipients } from '../alerts/alert-notice.ts';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import { incidentDependencies } from './incident-dependencies.ts';
import { type EscalationReason, type IncidentRow, withIncidentTables } from './incident-tables.ts';

/** One escalation to record. */
export interface Escalation {
  reason: EscalationReason;
  /** Unique per cause, e.g. `<launchId>:repeated_firing`. */
  dedupKey: string;
  /** One line for the LEAD. */
  message: string;
  detail: Record<string, unknown>;
}

/**
 * Records an escalation of `incident` to the LEAD inside `trx` (once per `dedupKey`) and queues
 * the message to the leads. Returns false when it was already escalated for this cause.
 *
 * @example
 * await escalateToLead(trx, clock, incident, { reason: 'repeated_firing', dedupKey: `${launchId}:repeated_firing`, message, detail });
 */
export async function escalateToLead(
  trx: DbExecutor,
  clock: Clock,
  incident: Pick<IncidentRow, 'id' | 'launch_id'>,
  escalation: Escalation,
): Promise<boolean> {
  const inserted = await withIncidentTables(trx)
    .insertInto('incident_escalations')
    .values({
      incident_id: incident.id,
      launch_id: incident.launch_id,
      reason: escalation.reason,
      to_role: 'lead',
      dedup_key: escalation.dedupKey,
      at: clock.now(),
      detail: JSON.stringify({ message: escalation.message, ...escalation.detail }),
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await recordAudit(trx, clock, {
    actor: 'system:launchcrew',
    action: 'incident.escalate',
    subjectType: 'incident',
    subjectId: incident.id,
    launchId: incident.launch_id,
    detail: {
      reason: escalation.reason,
      to: 'lead',
      message: escalation.message,
      ...escalation.detail,
    },
  });
  await scheduleWork(trx, clock, {
    kind: escalationNoticeJob,
    data: { escalationId: inserted.id },
    dueAt: clock.now(),
    dedupKey: `escalation:${inserted.id}:notice`,
    launchId: incident.launch_id,
  });
  return true;
}

/**
 * Sends an escalation to the plan's leads on every chat connector that takes alerts.
 *
 * @example
 * await scheduleWork(trx, clock, { kind: escalationNoticeJob, data: { escalationId }, dueAt, dedupKey });
 */
export const escalationNoticeJob = defineJob<{ escalationId: string }>({
  name: 'incident.escalation-notice',
  payload: z.object({ escalationId: z.string() }),
  async run({ escalationId }, { db, clock }) {
    const row = await withIncidentTables(db)
      .selectFrom('incident_escalations')
      .innerJoin('launches', 'launches.id', 'incident_escalations.launch_id')
      .select([
        'incident_escalations.id',
        'incident_escalations.launch_id',
        'detail',
        'at',
        'launches.plan',
      ])
      .where('incident_escalations.id', '=', escalationId)
      .executeTakeFirst();
    if (!row) return;
    const plan = row.plan as LaunchPlan;
    const recipients = leadRecipients(plan);
    const text = `⬆️ Escalated to the LEAD — ${plan.venture.name}: ${String(row.detail.message)}`;
    const manifests = await alertChannelManifests();
    const chats = plan.connectors.filter((c) => c.kind === 'chat' && c.config?.alerts !== false);
    for (const connector of chats) {
      const prepared = manifests
        .find((m) => m.vendor === connector.vendor)
        ?.open(connector, incidentDependencies().env)
        .prepareMessage?.({
          id: `escalation:${row.id}`,
          title: text,
          text,
          recipients,
          sentAt: clock.now(),
        });
      if (!prepared) continue;
      await deliverOnce(
        db,
        clock,
        {
          key: `escalation:${row.id}:${connector.vendor}:${connector.id}`,
          channel: connector.vendor,
          launchId: row.launch_id,
          request: { connector: connector.id, ...prepared.request },
        },
        prepared.send,
      );
    }
  },
});

/**
 * Escalates an incident nobody acknowledged by its due time; an acknowledged one is left alone.
 *
 * @example
 * await scheduleWork(trx, clock, { kind: acknowledgeDeadlineJob, data: { incidentId }, dueAt, dedupKey });
 */
export const acknowledgeDeadlineJob = defineJob<{ incidentId: string }>({
  name: 'incident.ack-deadline',
  payload: z.object({ incidentId: z.string() }),
  async run({ incidentId }, { db, clock }) {
    await db.transaction().execute(async (trx) => {
      const incident = await withIncidentTables(trx)
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', incidentId)
        .forUpdate()
        .executeTakeFirst();
      if (incident?.state !== 'triggered') return;
      await escalateToLead(trx, clock, incident, {
        reason: 'unacknowledged',
        dedupKey: `${incident.id}:unacknowledged`,
        message: `${incident.severity} incident "${incident.title}" not acknowledged since ${incident.opened_at.toISOString()}`,
        detail: { severity: incident.severity, opened_at: incident.opened_at.toISOString() },
      });
    });
  },
});
