/**
 * The ledger deliveries of one activation send. A message whose recipients fit the connector's
 * `maxRecipientsPerSend` is one delivery under its key. A larger one is split: the vendor handle
 * the parts share (`openBatch`, e.g. a SendGrid batch) is its own delivery `<key>:batch`, and each
 * part is its own delivery `<key>:part:<n>` — a retry resends only the parts not yet accepted.
 */
import type { Clock } from '../clock/clock.ts';
import { type DeliveryOutcome, deliverOnce } from '../deliveries/delivery-ledger.ts';
import type { Db } from '../store/database.ts';
import {
  type ActivationConnector,
  type ActivationMessage,
  isActivationHandle,
} from './activation-connector.ts';

/** What sends an activation: a connector, or LaunchCrew itself (the in-app banner). */
export type ActivationSender = Pick<
  ActivationConnector,
  'vendorIdempotent' | 'prepare' | 'maxRecipientsPerSend' | 'openBatch'
>;

/**
 * Sends `message` through `sender`, whole or in parts; `request` is added to every recorded
 * request. The outcome is the first delivery that is not `sent`, else the batch's (its response
 * holds the shared handle) or the single delivery's.
 *
 * @example
 * const outcome = await deliverActivation(db, clock, connector, message, { channel: 'email', launchId });
 * outcome.row.response?.handle; // { vendor: 'sendgrid', id: 'batch-1' }
 */
export async function deliverActivation(
  db: Db,
  clock: Clock,
  sender: ActivationSender,
  message: ActivationMessage,
  ledger: { channel: string; launchId: string; request?: Record<string, unknown> },
): Promise<DeliveryOutcome> {
  const deliver = (
    key: string,
    request: Record<string, unknown>,
    send: () => Promise<Record<string, unknown>>,
  ) =>
    deliverOnce(
      db,
      clock,
      {
        key,
        channel: ledger.channel,
        launchId: ledger.launchId,
        request: { ...request, ...ledger.request },
        vendorIdempotent: sender.vendorIdempotent,
      },
      send,
    );
  const sendPart = (part: ActivationMessage) => {
    const prepared = sender.prepare(part);
    return deliver(part.key, prepared.request, prepared.send);
  };
  const parts = recipientParts(message.recipients, sender.maxRecipientsPerSend);
  if (parts.length === 1) return sendPart(message);
  const openBatch = sender.openBatch;
  const batch = openBatch
    ? await deliver(
        `${message.key}:batch`,
        { open_batch: true, parts: parts.length },
        async () => ({
          handle: await openBatch(),
        }),
      )
    : undefined;
  if (batch && batch.state !== 'sent') return batch;
  const shared = batch?.row.response?.handle;
  const handle = isActivationHandle(shared) ? shared : undefined;
  let last: DeliveryOutcome | undefined;
  for (const [index, recipients] of parts.entries()) {
    const key = `${message.key}:part:${index + 1}`;
    last = await sendPart({ ...message, key, recipients, batch: handle });
    if (last.state !== 'sent') return last;
  }
  // two parts at least, so `last` is set: without a batch, the last part stands for the send
  return batch ?? (last as DeliveryOutcome);
}

/**
 * `recipients` in parts of at most `max` (one part when there is no limit or they fit).
 *
 * @example
 * recipientParts(['a@x.example', 'b@x.example', 'c@x.example'], 2); // [['a@…', 'b@…'], ['c@…']]
 */
export function recipientParts(recipients: string[], max: number | undefined): string[][] {
  if (max === undefined || recipients.length <= max) return [recipients];
  const parts: string[][] = [];
  for (let start = 0; start < recipients.length; start += max) {
    parts.push(recipients.slice(start, start + max));
  }
  return parts;
}
