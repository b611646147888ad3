import { callVendorJson, type VendorJsonAnswer } from '../vendor-json.ts';

/** Where and as whom SendGrid is called. */
export interface SendgridAccount {
  baseUrl: string;
  apiKey(): string;
}

/**
 * Calls SendGrid v3 with `Authorization: Bearer <key>`. 429/5xx are retried (then
 * `OperationalError`); another non-2xx is a `VendorRejectedError` with SendGrid's
 * `errors[].message`.
 *
 * @example
 * const answer = await callSendgrid(account, 'POST', '/v3/mail/batch');
 * answer.body; // { batch_id: '…' }
 */
export function callSendgrid(
  account: SendgridAccount,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<VendorJsonAnswer> {
  const key = account.apiKey();
  return callVendorJson({
    vendor: 'sendgrid',
    url: `${account.baseUrl.replace(/\/$/, '')}${path}`,
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    secrets: [key],
    errorMessage: sendgridErrors,
  });
}

/** `{"errors":[{"message":…,"field":…}]}` as one line. */
function sendgridErrors(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = (errors as Array<{ message?: unknown; field?: unknown }>)
    .filter((error) => typeof error.message === 'string')
    .map((error) =>
      typeof error.field === 'string' && error.field !== ''
        ? `${error.field}: ${String(error.message)}`
        : String(error.message),
    );
  return messages.length > 0 ? messages.join('; ') : undefined;
}
