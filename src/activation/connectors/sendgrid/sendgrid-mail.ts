import type { ActivationMessage } from '../../activation-connector.ts';

/**
 * SendGrid accepts at most 1000 recipients (personalizations) per `/v3/mail/send` request.
 *
 * @example
 * Math.ceil(2500 / sendgridMaxRecipients); // 3 parts
 */
export const sendgridMaxRecipients = 1000;

/** The sender and the account-wide settings of a connector. */
export interface SendgridMailSettings {
  fromEmail: string;
  fromName?: string | undefined;
  categories?: string[] | undefined;
  asmGroupId?: number | undefined;
  sandboxMode: boolean;
}

/**
 * The `/v3/mail/send` body of `message`: one personalization per recipient (nobody sees the
 * others), in `batchId` and held until `sendAt` when given. Callers keep to
 * `sendgridMaxRecipients` recipients (the send job splits larger audiences).
 *
 * @example
 * sendgridMailBody(message, { fromEmail: 'launch@acme.example', sandboxMode: false }, {});
 * // { personalizations: [{ to: [{ email: 'ana@acme.example' }] }], from: {…}, subject, content, … }
 */
export function sendgridMailBody(
  message: ActivationMessage,
  settings: SendgridMailSettings,
  schedule: { batchId?: string | undefined; sendAt?: number | undefined },
): Record<string, unknown> {
  return {
    personalizations: message.recipients.map((email) => ({ to: [{ email }] })),
    from: { email: settings.fromEmail, ...(settings.fromName ? { name: settings.fromName } : {}) },
    subject: message.subject ?? message.title,
    content: [
      { type: 'text/plain', value: message.text },
      ...(message.html ? [{ type: 'text/html', value: message.html }] : []),
    ],
    custom_args: { launchcrew_key: message.key },
    ...(settings.categories?.length ? { categories: settings.categories } : {}),
    ...(settings.asmGroupId === undefined ? {} : { asm: { group_id: settings.asmGroupId } }),
    ...(settings.sandboxMode ? { mail_settings: { sandbox_mode: { enable: true } } } : {}),
    ...(schedule.batchId ? { batch_id: schedule.batchId } : {}),
    ...(schedule.sendAt === undefined ? {} : { send_at: schedule.sendAt }),
  };
}
