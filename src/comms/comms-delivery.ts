/**
 * Sending one communication through the delivery ledger, and opening the plan's chat or e-mail
 * connector (the alert channels' `prepareMessage`). Shared by the `comms.send` and
 * `comms.success` jobs.
 */
import { alertChannelManifests, type ChannelMessage } from '../alerts/channels/alert-channel.ts';
import { isConnectorRefusal } from '../connectors/connector-faults.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { type DeliveryOutcome, deliverOnce } from '../deliveries/delivery-ledger.ts';
import type { JobContext } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { OperationalError, UserError } from '../shared/errors.ts';

/** One send, ready: what the ledger records (no secrets) and the call. */
export interface PreparedSend {
  request: Record<string, unknown>;
  send(): Promise<Record<string, unknown>>;
}

/**
 * Prepares (rendering included) and sends through the ledger. A `UserError` while preparing (a
 * template error, no connector) and a refusal while sending fail the delivery with their reason
 * and return undefined; retryable faults are rethrown so that the job retries.
 *
 * @example
 * await deliverComms(context, { key, channel: 'email', launchId }, async () => prepared);
 */
export async function deliverComms(
  context: Pick<JobContext, 'db' | 'clock'>,
  target: { key: string; channel: string; launchId: string },
  prepare: () => Promise<PreparedSend>,
): Promise<DeliveryOutcome | undefined> {
  let prepared: PreparedSend | undefined;
  let problem: unknown;
  try {
    prepared = await prepare();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    problem = error;
  }
  try {
    return await deliverOnce(
      context.db,
      context.clock,
      { ...target, request: prepared?.request ?? { prepared: false, error: String(problem) } },
      () => (prepared ? prepared.send() : Promise.reject(problem)),
    );
  } catch (error) {
    if (error instanceof OperationalError && error.retryable) throw error;
    if (isConnectorRefusal(error) || error instanceof OperationalError) return undefined;
    throw error;
  }
}

/**
 * Throws one `OperationalError` (the job retries) naming every send that failed retryably, after
 * all of them were tried; anything that is not an `OperationalError` is rethrown as a bug.
 *
 * @example
 * throwIfRetrying('comms inc-1 resolved', await Promise.allSettled(sends));
 */
export function throwIfRetrying(label: string, outcomes: PromiseSettledResult<unknown>[]): void {
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  for (const error of failures) if (!(error instanceof OperationalError)) throw error;
  if (failures.length > 0) {
    throw new OperationalError(
      `${label}: retrying ${failures.map((e) => (e as Error).message).join('; ')}`,
    );
  }
}

/**
 * The plan's `kind` connector `connectorId` (default: the first of that kind) as a channel that
 * sends plain messages; `UserError` when there is none.
 *
 * @example
 * const prepared = (await openMessageChannel(plan, 'email', undefined, env)).prepareMessage(message);
 */
export async function openMessageChannel(
  plan: LaunchPlan,
  kind: 'email' | 'chat',
  connectorId: string | undefined,
  env: SecretEnv,
): Promise<{ id: string; prepareMessage(message: ChannelMessage): PreparedSend }> {
  const connector = plan.connectors.find(
    (c) => c.kind === kind && (connectorId === undefined || c.id === connectorId),
  );
  const manifest = (await alertChannelManifests()).find(
    (m) => m.vendor === connector?.vendor && m.kinds.includes(kind),
  );
  const channel = connector && manifest ? manifest.open(connector, env) : undefined;
  if (!connector || !channel?.prepareMessage) {
    throw new UserError(
      `no_${kind}_connector`,
      `communications: no ${kind} connector${connectorId ? ` '${connectorId}'` : ''} that can send messages`,
    );
  }
  return { id: connector.id, prepareMessage: channel.prepareMessage.bind(channel) };
}
