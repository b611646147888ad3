import { UserError } from '../../../shared/errors.ts';
import { callVendorJson } from '../vendor-json.ts';

/** Where and as whom the Marketing API is called. */
export interface MailchimpAccount {
  /** e.g. `https://us19.api.mailchimp.com/3.0` */
  baseUrl(): string;
  apiKey(): string;
}

/**
 * The API root of an account: `base_url` when set, else `https://<dc>.api.mailchimp.com/3.0` with
 * `dc` from `server_prefix` or the key's suffix (`…-us19`).
 *
 * @example
 * mailchimpBaseUrl({ apiKey: 'abc123-us19', connectorId: 'mc' }); // 'https://us19.api.mailchimp.com/3.0'
 */
export function mailchimpBaseUrl(account: {
  apiKey: string;
  connectorId: string;
  serverPrefix?: string | undefined;
  baseUrl?: string | undefined;
}): string {
  if (account.baseUrl) return account.baseUrl.replace(/\/$/, '');
  const dc = account.serverPrefix ?? /-([a-z]+\d+)$/.exec(account.apiKey)?.[1];
  if (!dc) {
    throw new UserError(
      'invalid_connector_config',
      `connector '${account.connectorId}' (mailchimp): set server_prefix (e.g. us19); the API key has no -<dc> suffix`,
      { path: ['config', 'server_prefix'] },
    );
  }
  return `https://${dc}.api.mailchimp.com/3.0`;
}

/**
 * Calls the Marketing API with HTTP Basic auth (any user, the key as password). 429/5xx are
 * retried (then `OperationalError`); another non-2xx is a `VendorRejectedError` with the problem
 * detail's `title: detail` and its field errors. Returns the parsed JSON answer (`{}` when empty).
 *
 * @example
 * const { id } = await callMailchimp(account, 'POST', '/campaigns', { type: 'regular', … });
 */
export async function callMailchimp(
  account: MailchimpAccount,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const key = account.apiKey();
  const answer = await callVendorJson({
    vendor: 'mailchimp',
    url: `${account.baseUrl()}${path}`,
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`launchcrew:${key}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    secrets: [key],
    errorMessage: problemDetail,
  });
  return typeof answer.body === 'object' && answer.body !== null
    ? (answer.body as Record<string, unknown>)
    : {};
}

/** A problem detail (`{type, title, status, detail, instance, errors?}`) as one line. */
function problemDetail(body: unknown): string | undefined {
  const problem = (body ?? {}) as {
    title?: unknown;
    detail?: unknown;
    errors?: unknown;
  };
  const parts = [problem.title, problem.detail].filter((part) => typeof part === 'string');
  if (parts.length === 0) return undefined;
  const fields = Array.isArray(problem.errors)
    ? (problem.errors as Array<{ field?: unknown; message?: unknown }>).map((error) =>
        error.field ? `${String(error.field)}: ${String(error.message)}` : String(error.message),
      )
    : [];
  return [parts.join(': '), ...fields].join('; ');
}
