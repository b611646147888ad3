/**
 * Secrets never appear in a plan: a connector's config names the environment variable that
 * holds each secret, in a key ending `_env` (`api_key_env: SENDGRID_API_KEY`).
 */
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

/** Words that make a config key the name of a secret: `api_key`, `client_secret`, `webhook_url`. */
const secretWords = new Set([
  'secret',
  'token',
  'password',
  'passwd',
  'apikey',
  'key',
  'credential',
  'credentials',
  'dsn',
  'webhook',
]);

function isSecretKeyName(key: string): boolean {
  return key.split('_').some((word) => secretWords.has(word));
}

/** Shapes of well-known credentials, and long random-looking strings. */
const secretLookingValues = [
  /^(?:sk|rk|pk)_(?:live|test)_\w{8,}/, // Stripe
  /^SG\.[\w-]{16,}\.[\w-]{16,}$/, // SendGrid
  /^xox[abposr]-[\w-]{10,}/, // Slack tokens
  /^https:\/\/hooks\.slack\.com\/services\//, // Slack webhook URL
  /^(?:AKIA|ASIA)[0-9A-Z]{16}$/, // AWS access key id
  /^gh[pousr]_[A-Za-z0-9]{30,}$/, // GitHub
  /^[0-9a-f]{32}-us\d{1,2}$/, // Mailchimp
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9+/=_-]{32,}$/, // long mixed random token
];

const envVarName = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Errors for config values that look like secrets, secret-named keys without the `_env`
 * suffix, and `_env` keys whose value is not an environment variable name.
 *
 * @example
 * checkConnectorSecrets(context); // [{ code: 'literal_secret', suggestion: 'api_key_env', … }]
 */
export function checkConnectorSecrets({ plan }: CheckContext): Finding[] {
  return (plan.connectors ?? []).flatMap((connector, index) =>
    Object.entries(connector.config ?? {}).flatMap(([key, value]): Finding[] => {
      const path = ['connectors', index, 'config', key];
      if (key.endsWith('_env')) {
        if (typeof value === 'string' && envVarName.test(value)) return [];
        return [
          {
            severity: 'error',
            path,
            code: 'invalid_env_name',
            message: `'${key}' must name an environment variable, not hold a value`,
            expected: 'an environment variable name, e.g. SENDGRID_API_KEY',
          },
        ];
      }
      const looksSecret =
        typeof value === 'string' && secretLookingValues.some((pattern) => pattern.test(value));
      if (!isSecretKeyName(key) && !looksSecret) return [];
      return [
        {
          severity: 'error',
          path,
          code: 'literal_secret',
          message:
            'secrets must not be written in the plan; put the secret in an environment variable and name that variable here',
          expected: `${key}_env: NAME_OF_VARIABLE`,
          suggestion: `${key}_env`,
        },
      ];
    }),
  );
}
