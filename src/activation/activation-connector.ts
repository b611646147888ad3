/**
 * Activation connectors (MarketingOrchestrator, SPEC §1 31.2 and §8): one folder per vendor under
 * `connectors/` with a `manifest.ts` (kinds email, social, ads, chat…), found there, never listed.
 * Plan connectors whose vendor has no activation folder (smtp, slack, webhook) are the alert
 * channels' plain messages (`prepareMessage`), adapted by `openActivationConnector`.
 */
import { systemClock } from '../clock/clock.ts';
import type { ConnectionCheck } from '../connectors/connector-manifest.ts';

/** One activation ready to go out: rendered, links UTM-tagged, recipients resolved. */
export interface ActivationMessage {
  /** Unique per send; the ledger key and the vendor's idempotency key where it has one. */
  key: string;
  activationId: string;
  launchId: string;
  subject?: string | undefined;
  /** Plain text (for social posts, the post itself). */
  text: string;
  html?: string | undefined;
  /** E-mail addresses of an inline audience. */
  recipients: string[];
  /** The vendor's list id of a `kind: list` audience (Mailchimp audience). */
  listId?: string | undefined;
  /** When it must reach people; in the future only for vendors that schedule (`canSchedule`). */
  sendAt: Date;
  /**
   * The caller's `clock.now()` when preparing: a `sendAt` after it is scheduled at the vendor.
   * Absent, connectors read the system clock.
   */
  now?: Date | undefined;
  /** Name of the campaign (ads) or the title of a post. */
  title: string;
  /**
   * The handle shared by the parts of a split send (from `openBatch`): the connector sends into
   * it rather than opening its own.
   */
  batch?: ActivationHandle | undefined;
}

/**
 * Where a sent or scheduled activation lives at the vendor, so that it can be cancelled before it
 * goes out or paused and resumed: a SendGrid `batch_id`, a Mailchimp campaign id, an ads
 * campaign id. Stored (without secrets) with the activation.
 */
export interface ActivationHandle {
  vendor: string;
  id: string;
  [key: string]: unknown;
}

/**
 * True when `value` (a stored vendor answer) is a handle: a `vendor` and an `id`.
 *
 * @example
 * isActivationHandle({ vendor: 'sendgrid', id: 'batch-1' }); // true
 */
export function isActivationHandle(value: unknown): value is ActivationHandle {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { vendor?: unknown }).vendor === 'string' &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

/** One send, prepared: what the ledger records (no secrets) and the call itself. */
export interface PreparedActivation {
  request: Record<string, unknown>;
  /** Sends (or schedules at the vendor for `sendAt`); the answer names the handle, if any. */
  send(): Promise<{ handle?: ActivationHandle } & Record<string, unknown>>;
}

/** What the vendor lets us do to a handle. */
export type HandleAction = 'cancel' | 'pause' | 'resume';

/** What an activation connector provides. */
export interface ActivationConnector {
  /** The vendor de-duplicates a repeated send on `key`: safe to resend after a crash. */
  readonly vendorIdempotent: boolean;
  /** The vendor can hold a send until `sendAt` (SendGrid ≤ 72 h ahead, Mailchimp). */
  readonly canSchedule: boolean;
  /** How far ahead the vendor accepts a scheduled send, in ms (0 when it cannot). */
  readonly maxScheduleAheadMs: number;
  /**
   * At most this many recipients per `send()` (SendGrid: 1000). The send job splits a larger
   * audience into parts, each its own ledger delivery, so a retry never resends an accepted part.
   */
  readonly maxRecipientsPerSend?: number;
  /**
   * Opens the vendor handle that the parts of a split send share (a SendGrid batch), so that
   * cancel, pause and resume reach every part; the send job opens it once, as its own delivery.
   */
  openBatch?(): Promise<ActivationHandle>;
  prepare(message: ActivationMessage): PreparedActivation;
  /**
   * Cancels, pauses or resumes what a handle names; absent when the vendor has no such thing. An
   * answer's `handle` is the handle as it is now (e.g. with its status at the vendor) and replaces
   * the stored one.
   */
  control?(handle: ActivationHandle, action: HandleAction): Promise<Record<string, unknown>>;
  /** Sends a test of the message to seed inboxes (the *marketing ready* gate). */
  prepareTest?(message: ActivationMessage, seedInboxes: string[]): PreparedActivation;
  checkConnection(): Promise<ConnectionCheck>;
}

/**
 * True when `message` must be held by the vendor: its `sendAt` is after the caller's `now`.
 *
 * @example
 * isScheduledSend({ ...message, sendAt: new Date('2026-12-01T12:00Z'), now: new Date('2026-12-01T10:00Z') }); // true
 */
export function isScheduledSend(message: Pick<ActivationMessage, 'sendAt' | 'now'>): boolean {
  return message.sendAt.getTime() > (message.now ?? systemClock.now()).getTime();
}

/**
 * The seed-inbox test of `message` (the *marketing ready* gate): sent now, to `seedInboxes` only,
 * subject marked `[test]`, its own key so that it never counts as the real send.
 *
 * @example
 * connector.prepare(seedTestMessage(message, ['seed@acme.example'])).send();
 */
export function seedTestMessage(
  message: ActivationMessage,
  seedInboxes: string[],
): ActivationMessage {
  const now = message.now ?? systemClock.now();
  return {
    ...message,
    key: `${message.key}:test`,
    subject: `[test] ${message.subject ?? message.title}`,
    recipients: seedInboxes,
    listId: undefined,
    sendAt: now,
    now,
  };
}
