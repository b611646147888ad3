/**
 * Connector secrets live in environment variables; plans only name them (`api_key_env:
 * SENDGRID_API_KEY`). They are read at the moment of use, never logged and never stored.
 */
import { z } from 'zod';

/** Where secrets are read from: `process.env` in production. */
export type SecretEnv = Readonly<Record<string, string | undefined>>;

/**
 * A secret's variable is not set: the delivery fails with this message, naming the variable.
 *
 * @example
 * new MissingSecretError('pagerduty', 'routing_key_env', 'PD_KEY').message;
 * // "connector 'pagerduty': environment variable PD_KEY (named by routing_key_env) is not set"
 */
export class MissingSecretError extends Error {
  readonly variable: string;

  constructor(connectorId: string, key: string, variable: string) {
    super(
      `connector '${connectorId}': environment variable ${variable} (named by ${key}) is not set`,
    );
    this.name = 'MissingSecretError';
    this.variable = variable;
  }
}

/**
 * A config field that names the environment variable of a secret; marked `secret` in its
 * metadata so tools can list a connector's secrets.
 *
 * @example
 * const config = z.strictObject({ routing_key_env: secretEnvSchema('PagerDuty routing key') });
 */
export function secretEnvSchema(description: string) {
  return z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'must name an environment variable' })
    .meta({ description: `Environment variable holding the ${description}.`, secret: true });
}

/**
 * The value of the variable named by a connector's `<key>` (e.g. `routing_key_env`).
 *
 * @example
 * const routingKey = readSecret(env, { connectorId: 'pagerduty', key: 'routing_key_env', variable: 'PD_KEY' });
 */
export function readSecret(
  env: SecretEnv,
  secret: { connectorId: string; key: string; variable: string },
): string {
  const value = env[secret.variable];
  if (value === undefined || value === '') {
    throw new MissingSecretError(secret.connectorId, secret.key, secret.variable);
  }
  return value;
}
