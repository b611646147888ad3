import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure, VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../../shared/errors.ts';
import { type AlertChannel, alertChannelConfig } from '../alert-channel.ts';
import { alertEmailText } from './alert-email.ts';

const smtpConfig = z.strictObject({
  host: z.string().min(1).meta({ description: 'SMTP server host name.' }),
  port: z.number().int().min(1).max(65_535).default(587),
  secure: z.boolean().default(false).meta({ description: 'Implicit TLS (port 465).' }),
  require_tls: z.boolean().default(false).meta({ description: 'Refuse to send without STARTTLS.' }),
  user: z.string().min(1).optional(),
  password_env: secretEnvSchema('SMTP password').optional(),
  from: z.email(),
  to: z
    .array(z.email())
    .optional()
    .meta({ description: 'Fixed recipients; by default the people the trigger concerns.' }),
  timeout_seconds: z.number().min(1).max(120).default(20),
  ...alertChannelConfig,
});

type SmtpConfig = z.output<typeof smtpConfig>;

/**
 * E-mail over SMTP (nodemailer). 5xx answers and refused logins fail the delivery; 4xx answers,
 * timeouts and connection faults are retried by the job.
 */
export const manifest = defineConnector({
  vendor: 'smtp',
  kinds: ['email'],
  description: 'Plain SMTP e-mail (nodemailer).',
  config: smtpConfig,
  create(config, { connectorId, env }): AlertChannel {
    const transport = () => {
      const password = config.password_env
        ? readSecret(env, { connectorId, key: 'password_env', variable: config.password_env })
        : undefined;
      return createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        requireTLS: config.require_tls,
        connectionTimeout: config.timeout_seconds * 1000,
        greetingTimeout: config.timeout_seconds * 1000,
        socketTimeout: config.timeout_seconds * 1000,
        ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
      });
    };
    const prepareEmail = (email: {
      to: string[];
      subject: string;
      text: string;
      html?: string;
    }) => {
      const message = { from: config.from, ...email };
      return {
        request: message,
        async send() {
          if (email.to.length === 0) {
            throw new UserError(
              'no_recipients',
              `connector '${connectorId}': no one to e-mail (no person concerned has an e-mail address; set config.to)`,
            );
          }
          const mailer = transport();
          try {
            const info = await mailer.sendMail(message);
            return { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected };
          } catch (error) {
            throw smtpFault(error, config);
          } finally {
            mailer.close();
          }
        },
      };
    };
    return {
      vendorIdempotent: false,
      prepare(notice) {
        return prepareEmail({
          to: config.to ?? recipientsOf(notice.recipients),
          subject: notice.title,
          text: alertEmailText(notice),
        });
      },
      prepareMessage(message) {
        return prepareEmail({
          to: config.to ?? recipientsOf(message.recipients),
          subject: message.title,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
        });
      },
      async checkConnection() {
        try {
          const mailer = transport();
          try {
            await mailer.verify();
          } finally {
            mailer.close();
          }
          return { ok: true, message: `SMTP server ${config.host}:${config.port} accepts us` };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});

function recipientsOf(people: ReadonlyArray<{ email?: string | undefined }>): string[] {
  return people.flatMap((person) => (person.email ? [person.email] : []));
}

/** Permanent refusals (5xx, bad login) fail the delivery; the rest is retried. */
function smtpFault(error: unknown, config: SmtpConfig): Error {
  const fault = error as { code?: string; responseCode?: number; message?: string };
  const message = `${config.host}:${config.port}: ${fault.message ?? String(error)}`;
  if ((fault.responseCode ?? 0) >= 500 || fault.code === 'EAUTH') {
    return new VendorRejectedError('smtp', fault.responseCode ?? 535, message);
  }
  return new OperationalError(`smtp: ${message}`, { cause: error });
}
