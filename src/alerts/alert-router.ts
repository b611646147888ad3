/**
 * The alert router: a trigger-event handler that sends each firing and resolve to the channels
 * its level routes to (`alert-routing.ts`), all at once, each through the delivery ledger so
 * that a retried job never sends twice. Deliveries the vendor refused (or that lack a secret) are recorded as
 * failed and do not stop the others; retryable faults make the job retry after every other
 * channel was tried.
 */
import { isConnectorRefusal } from '../connectors/connector-faults.ts';
import type { RegisteredConnector } from '../connectors/connector-manifest.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { OperationalError, UserError } from '../shared/errors.ts';
import type {
  TriggerEvent,
  TriggerEventHandler,
  TriggerHandlerContext,
} from '../triggers/trigger-event.ts';
import { type AlertNotice, type AlertPlan, alertNoticeFor } from './alert-notice.ts';
import { type AlertConnector, routeAlert } from './alert-routing.ts';
import {
  type AlertChannel,
  alertChannelManifests,
  type PreparedAlert,
} from './channels/alert-channel.ts';

/**
 * The delivery-ledger key of one alert to one connector: `<event.id>:<vendor>:<connector id>`.
 *
 * @example
 * alertDeliveryKey(event, { id: 'pagerduty', vendor: 'pagerduty', kind: 'paging' }); // '…:firing:pagerduty:pagerduty'
 */
export function alertDeliveryKey(event: TriggerEvent, connector: AlertConnector): string {
  return `${event.id}:${connector.vendor}:${connector.id}`;
}

/**
 * Creates the alert router. Secrets are read from `env` at send time.
 *
 * @example
 * export const alertRouter = createAlertRouter({ env: process.env });
 */
export function createAlertRouter(options: { env: SecretEnv }): TriggerEventHandler {
  return {
    name: 'alert-router',
    async handle(event, context) {
      const launch = await loadAlertLaunch(context, event.launchId);
      if (!launch) return;
      const notice = alertNoticeFor(event, launch, context.clock.now());
      const channels = await alertChannelsFor(event.level, launch.plan);
      const connectors = channels.map((channel) => channel.connector);
      const outcomes = await Promise.allSettled(
        channels.map(async ({ connector, manifest }) => {
          const prepared = prepareAlert(manifest, connector, notice, options.env);
          await deliverOnce(
            context.db,
            context.clock,
            {
              key: alertDeliveryKey(event, connector),
              channel: connector.vendor,
              launchId: event.launchId,
              request: { connector: connector.id, ...prepared.request },
              vendorIdempotent: prepared.vendorIdempotent,
            },
            prepared.send,
          );
        }),
      );
      const retryable: string[] = [];
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') continue;
        const error: unknown = outcome.reason;
        if (error instanceof OperationalError && error.retryable) {
          retryable.push(`${connectors[index]?.id}: ${error.message}`);
        } else if (!isConnectorRefusal(error)) {
          throw error;
        }
        // A refusal is recorded by the ledger as a failed delivery; the other channels go on.
      }
      if (retryable.length > 0) {
        throw new OperationalError(`alert ${event.id}: retrying ${retryable.join('; ')}`);
      }
    },
  };
}

/**
 * The router the worker runs (registered in `src/app/trigger-handlers.ts`): secrets from
 * `process.env`.
 *
 * @example
 * await alertRouter.handle(event, { db, clock });
 */
export const alertRouter: TriggerEventHandler = createAlertRouter({ env: process.env });

async function loadAlertLaunch(
  { db }: TriggerHandlerContext,
  launchId: string,
): Promise<{ id: string; plan: AlertPlan } | undefined> {
  const row = await db
    .selectFrom('launches')
    .select(['id', 'plan'])
    .where('id', '=', launchId)
    .executeTakeFirst();
  if (!row) return undefined;
  const plan = row.plan as Partial<AlertPlan>;
  if (!plan.venture) return undefined;
  return {
    id: row.id,
    plan: {
      venture: plan.venture,
      people: plan.people ?? [],
      connectors: plan.connectors ?? [],
      triggers: plan.triggers ?? { builtin: {}, rules: [] },
    },
  };
}

/**
 * The connectors an alert of `level` goes to that have an alert channel for their kind: a
 * marketing ESP (SendGrid, Mailchimp) is an e-mail connector but carries activations, not alerts.
 *
 * @example
 * (await alertChannelsFor('info', plan)).map((c) => c.connector.id); // ['slack', 'mail']
 */
export async function alertChannelsFor(
  level: TriggerEvent['level'],
  plan: Pick<AlertPlan, 'connectors'>,
): Promise<Array<{ connector: AlertConnector; manifest: RegisteredConnector<AlertChannel> }>> {
  const manifests = await alertChannelManifests();
  return routeAlert(level, plan).flatMap((connector) => {
    const manifest = manifests.find(
      (m) => m.vendor === connector.vendor && m.kinds.includes(connector.kind),
    );
    return manifest ? [{ connector, manifest }] : [];
  });
}

/** Opens the connector's channel; a config LaunchCrew cannot use fails the delivery. */
function prepareAlert(
  manifest: RegisteredConnector<AlertChannel>,
  connector: AlertConnector,
  notice: AlertNotice,
  env: SecretEnv,
): PreparedAlert & { vendorIdempotent: boolean } {
  try {
    const channel = manifest.open(connector, env);
    return { ...channel.prepare(notice), vendorIdempotent: channel.vendorIdempotent };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return {
      request: { vendor: connector.vendor },
      send: () => Promise.reject(error),
      vendorIdempotent: false,
    };
  }
}
