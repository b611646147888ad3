/**
 * Keeps PagerDuty in step with an incident through Events API v2: `acknowledge` and `resolve`
 * with the alert router's `dedup_key` of every firing in the incident, and change events
 * (`/v2/change/enqueue`, never page) for automated actions such as a rollback. Each send is a
 * job (released through due work, so the API can queue it in its transaction) and goes through
 * the delivery ledger; PagerDuty de-duplicates, so a send of unknown outcome is repeated.
 */
import { z } from 'zod';
import { manifest as pagerDutyManifest } from '../alerts/channels/pagerduty/manifest.ts';
import { postJson } from '../alerts/channels/post-json.ts';
import type { Clock } from '../clock/clock.ts';
import { parseConnectorConfig } from '../connectors/connector-manifest.ts';
import { readSecret } from '../connectors/connector-secrets.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import { incidentDependencies } from './incident-dependencies.ts';
import { withIncidentTables } from './incident-tables.ts';

const syncPayload = z.object({
  incidentId: z.string(),
  /** Unique per sync, e.g. `acknowledge` or `change:rollback-approved:<approvalId>`. */
  key: z.string(),
  action: z.enum(['acknowledge', 'resolve', 'change']),
  summary: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** One PagerDuty sync of an incident. */
export type PagerDutySync = z.infer<typeof syncPayload>;

/** The PagerDuty connector config the sync reads (see the alert channel's manifest). */
interface PagerDutyConfig {
  routing_key_env: string;
  events_url: string;
}

/** A change event without its routing key. */
export interface PagerDutyChangeEvent {
  payload: {
    summary: string;
    source: string;
    timestamp: string;
    custom_details: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
}

/**
 * Sends an incident's acknowledge/resolve events or a change event to every PagerDuty connector
 * of the launch's plan.
 *
 * @example
 * await queuePagerDutySync(trx, clock, { incidentId, key: 'acknowledge', action: 'acknowledge' });
 */
export const incidentPagerDutyJob = defineJob<PagerDutySync>({
  name: 'incident.pagerduty',
  payload: syncPayload,
  async run(sync, { db, clock }) {
    const incident = await withIncidentTables(db)
      .selectFrom('incidents')
      .innerJoin('launches', 'launches.id', 'incidents.launch_id')
      .select([
        'incidents.id',
        'incidents.launch_id',
        'incidents.pagerduty_dedup_keys',
        'launches.plan',
      ])
      .where('incidents.id', '=', sync.incidentId)
      .executeTakeFirst();
    if (!incident) return;
    const plan = incident.plan as LaunchPlan;
    const { env } = incidentDependencies();
    for (const connector of plan.connectors.filter((c) => c.vendor === 'pagerduty')) {
      const config = parseConnectorConfig(
        pagerDutyManifest as { vendor: string; config: z.ZodType<PagerDutyConfig> },
        connector,
      );
      const routingKey = () =>
        readSecret(env, {
          connectorId: connector.id,
          key: 'routing_key_env',
          variable: config.routing_key_env,
        });
      const bodies: Array<{ url: string; key: string; event: Record<string, unknown> }> =
        sync.action === 'change'
          ? [
              {
                url: config.events_url.replace(/\/v2\/enqueue$/, '/v2/change/enqueue'),
                key: sync.key,
                event: { ...changeEventFor(plan, incident.launch_id, sync, clock) },
              },
            ]
          : incident.pagerduty_dedup_keys.map((dedupKey) => ({
              url: config.events_url,
              key: `${sync.key}:${dedupKey}`,
              event: { event_action: sync.action, dedup_key: dedupKey },
            }));
      for (const body of bodies) {
        await deliverOnce(
          db,
          clock,
          {
            key: `incident:${incident.id}:pagerduty:${connector.id}:${body.key}`,
            channel: 'pagerduty',
            launchId: incident.launch_id,
            request: { connector: connector.id, url: body.url, ...body.event },
            vendorIdempotent: true,
          },
          async () => {
            const answer = await postJson({
              vendor: 'pagerduty',
              url: body.url,
              body: JSON.stringify({ routing_key: routingKey(), ...body.event }),
            });
            return { http_status: answer.status };
          },
        );
      }
    }
  },
});

/**
 * Queues a PagerDuty sync in the caller's transaction (due now; the worker releases it).
 *
 * @example
 * await queuePagerDutySync(trx, clock, { incidentId, key: 'resolve', action: 'resolve' });
 */
export async function queuePagerDutySync(
  executor: DbExecutor,
  clock: Clock,
  sync: PagerDutySync & { launchId: string },
): Promise<void> {
  const { launchId, ...data } = sync;
  await scheduleWork(executor, clock, {
    kind: incidentPagerDutyJob,
    data,
    dueAt: clock.now(),
    dedupKey: `incident:${sync.incidentId}:pagerduty:${sync.key}`,
    launchId,
  });
}

function changeEventFor(
  plan: LaunchPlan,
  launchId: string,
  sync: PagerDutySync,
  clock: Clock,
): PagerDutyChangeEvent {
  const production = plan.venture.production_url;
  return {
    payload: {
      summary: (sync.summary ?? sync.key).slice(0, 1024),
      source: production ? new URL(production).host : plan.venture.id,
      timestamp: clock.now().toISOString(),
      custom_details: { launch_id: launchId, incident_id: sync.incidentId, ...sync.details },
    },
    ...(production ? { links: [{ href: production, text: 'Production' }] } : {}),
  };
}
