/**
 * The `comms.send` job: for one status update of an incident, sends the messages the plan asks
 * for — user, press and investor e-mails through the plan's e-mail connector, and the incident
 * create/update at each status-page connector — each exactly once through the delivery ledger
 * (`comms:<incidentId>:<status>:<audience>:<connectorId>`). A template error or a refusal fails
 * that delivery with its reason and the others go on; retryable faults retry the job.
 */
import { z } from 'zod';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { defineJob, type JobContext } from '../jobs/job-kind.ts';
import { incidentStatuses } from '../plan/sections/communications.ts';
import { OperationalError, UserError } from '../shared/errors.ts';
import { statusPageManifests } from './channels/status-page-connector.ts';
import { deliverComms, openMessageChannel, throwIfRetrying } from './comms-delivery.ts';
import { type CommsIncident, loadCommsIncident } from './comms-model.ts';
import { plannedEmails, postsToStatusPage } from './comms-recipients.ts';
import { commsDb, type IncidentSeverity, type IncidentStatus } from './comms-tables.ts';
import { type CommsModel, renderComms, statusLabel } from './comms-templates.ts';

/**
 * The delivery-ledger key of one message of an update.
 *
 * @example
 * commsDeliveryKey('inc-1', 'resolved', 'press', 'smtp'); // 'comms:inc-1:resolved:press:smtp'
 */
export function commsDeliveryKey(
  incidentId: string,
  status: IncidentStatus,
  audience: string,
  connectorId: string,
): string {
  return `comms:${incidentId}:${status}:${audience}:${connectorId}`;
}

/**
 * Creates the job kind; connector secrets are read from `env` at send time.
 *
 * @example
 * const job = createCommsSendJob({ env: { SMTP_PASSWORD: 'pw' } });
 */
export function createCommsSendJob(options: { env: SecretEnv }) {
  return defineJob({
    name: 'comms.send',
    payload: z.object({ incidentId: z.string().min(1), status: z.enum(incidentStatuses) }),
    run: async ({ incidentId, status }, context) => {
      const incident = await loadCommsIncident(context.db, incidentId);
      const update = incident?.model.updates.find((u) => u.status === status);
      if (!incident || !update) return;
      const severities = await updateSeverities(context, incidentId);
      const severity = severities.get(status) ?? incident.model.incident.severity;
      const model = modelAt(incident.model, update);
      const sends: Array<Promise<unknown>> = plannedEmails(incident.plan, status, severity).map(
        (email) => {
          const key = commsDeliveryKey(
            incidentId,
            status,
            email.audience,
            email.connectorId ?? 'email',
          );
          return deliverComms(
            context,
            { key, channel: 'email', launchId: incident.launchId },
            async () => {
              const { subject, text } = await renderComms(
                incident.plan.templates ?? [],
                { purpose: email.purpose, channel: 'email' },
                model,
              );
              const channel = await openMessageChannel(
                incident.plan,
                'email',
                email.connectorId,
                options.env,
              );
              const prepared = channel.prepareMessage({
                id: key,
                title: subject,
                text,
                recipients: email.recipients(),
                sentAt: context.clock.now(),
              });
              return {
                request: { audience: email.audience, ...prepared.request },
                send: prepared.send,
              };
            },
          );
        },
      );
      if (postsToStatusPage(incident.plan, severity)) {
        const earlier = model.updates
          .slice(0, -1)
          .map((u) => u.status)
          .filter((s) => postsToStatusPage(incident.plan, severities.get(s) ?? severity));
        sends.push(
          publishToStatusPages(context, incident, model, { severity, earlier }, options.env),
        );
      }
      throwIfRetrying(`comms ${incidentId} ${status}`, await Promise.allSettled(sends));
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const commsSendJob = createCommsSendJob({ env: process.env });

/** The severity recorded with each update of the incident. */
async function updateSeverities(context: JobContext, incidentId: string) {
  const rows = await commsDb(context.db)
    .selectFrom('comms_incident_updates')
    .select(['status', 'severity'])
    .where('incident_id', '=', incidentId)
    .execute();
  return new Map(rows.map((row) => [row.status, row.severity]));
}

/** The model as of the update being sent (a later update may already be recorded). */
function modelAt(model: CommsModel, update: CommsModel['updates'][number]): CommsModel {
  const index = model.updates.indexOf(update);
  return {
    ...model,
    incident: {
      ...model.incident,
      status: update.status,
      status_label: statusLabel(update.status),
      message: update.message,
    },
    updates: model.updates.slice(0, index + 1),
  };
}

/**
 * Creates the incident at each status-page connector on its first update and patches it on the
 * later ones. An update waits (the job retries) until every earlier update that went to the
 * status page was settled, so the create always comes first.
 */
async function publishToStatusPages(
  context: JobContext,
  incident: CommsIncident,
  model: CommsModel,
  update: { severity: IncidentSeverity; earlier: IncidentStatus[] },
  env: SecretEnv,
) {
  const manifests = await statusPageManifests();
  const { severity, earlier } = update;
  const status = model.incident.status;
  for (const connector of incident.plan.connectors.filter((c) => c.kind === 'status_page')) {
    const keyOf = (s: IncidentStatus) =>
      commsDeliveryKey(model.incident.id, s, 'public', connector.id);
    const existingId = await vendorIncidentId(context, earlier.map(keyOf));
    const target = { key: keyOf(status), channel: connector.vendor, launchId: incident.launchId };
    const outcome = await deliverComms(context, target, async () => {
      const manifest = manifests.find((m) => m.vendor === connector.vendor);
      if (!manifest) {
        throw new UserError(
          'unsupported_status_page',
          `connector '${connector.id}': no status-page connector for vendor '${connector.vendor}'`,
        );
      }
      const { text } = await renderComms(
        incident.plan.templates ?? [],
        { purpose: 'incident_user', channel: 'status_page' },
        model,
      );
      return manifest
        .open(connector, env)
        .prepareIncident({ name: model.incident.title, status, severity, body: text }, existingId);
    });
    const id = outcome?.row.response?.incident_id;
    if (typeof id === 'string') {
      await commsDb(context.db)
        .updateTable('comms_incidents')
        .set({ statuspage_incident_id: id })
        .where('incident_id', '=', model.incident.id)
        .where('statuspage_incident_id', 'is', null)
        .execute();
    }
  }
}

/**
 * The vendor's incident id from the earlier updates' deliveries; throws `OperationalError` (the
 * job retries) while one of them is not yet settled.
 */
async function vendorIncidentId(context: JobContext, earlierKeys: string[]) {
  if (earlierKeys.length === 0) return null;
  const rows = await context.db
    .selectFrom('deliveries')
    .select(['key', 'state', 'response'])
    .where('key', 'in', earlierKeys)
    .execute();
  const unsettled = earlierKeys.filter((key) => {
    const row = rows.find((r) => r.key === key);
    return !row || row.state === 'pending' || row.state === 'sending';
  });
  if (unsettled.length > 0) {
    throw new OperationalError(`waiting for the earlier status-page update ${unsettled[0]}`);
  }
  for (const row of rows) {
    const id = row.response?.incident_id;
    if (row.state === 'sent' && typeof id === 'string') return id;
  }
  return null;
}
