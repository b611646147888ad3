/**
 * Alert channels are connectors (kinds chat, paging, email), one folder per vendor under
 * `channels/` with a `manifest.ts`; they are found there, not listed.
 */
import { z } from 'zod';
import {
  type ConnectionCheck,
  discoverManifests,
  isRegisteredConnector,
  type RegisteredConnector,
} from '../../connectors/connector-manifest.ts';
import type { AlertNotice, AlertRecipient } from '../alert-notice.ts';

/** One send, prepared: what the ledger records (no secrets) and the call itself. */
export interface PreparedAlert {
  request: Record<string, unknown>;
  send(): Promise<Record<string, unknown>>;
}

/** A plain message (a launch report, an announcement) for a chat or e-mail channel. */
export interface ChannelMessage {
  /** Unique per message; receivers of signed webhooks de-duplicate on it. */
  id: string;
  title: string;
  /** Plain text (Slack mrkdwn for chat). */
  text: string;
  /** HTML body for e-mail. */
  html?: string;
  recipients: AlertRecipient[];
  sentAt: Date;
}

/** What an alert-channel connector provides. */
export interface AlertChannel {
  /** The vendor de-duplicates a repeated send (PagerDuty's `dedup_key`): safe to resend. */
  readonly vendorIdempotent: boolean;
  prepare(notice: AlertNotice): PreparedAlert;
  /** Sends a plain message; channels without one (paging) cannot carry reports. */
  prepareMessage?(message: ChannelMessage): PreparedAlert;
  checkConnection(): Promise<ConnectionCheck>;
}

/**
 * Config keys every alert channel accepts: `alerts: false` keeps a connector out of alerts.
 *
 * @example
 * const config = z.strictObject({ webhook_url_env: secretEnvSchema('URL'), ...alertChannelConfig });
 */
export const alertChannelConfig = {
  alerts: z.boolean().default(true).meta({ description: 'Receive trigger alerts (default true).' }),
};

const alertKinds = new Set(['chat', 'paging', 'email']);
let manifests: Promise<RegisteredConnector<AlertChannel>[]> | undefined;

/**
 * Every alert-channel manifest (`./<vendor>/manifest.ts`).
 *
 * @example
 * (await alertChannelManifests()).map((m) => m.vendor); // ['pagerduty', 'slack', 'smtp', 'webhook']
 */
export function alertChannelManifests(): Promise<RegisteredConnector<AlertChannel>[]> {
  manifests ??= discoverManifests(
    import.meta.dirname,
    (value): value is RegisteredConnector<AlertChannel> =>
      isRegisteredConnector(value) && value.kinds.some((kind) => alertKinds.has(kind)),
  );
  return manifests;
}
