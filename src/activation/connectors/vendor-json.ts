/**
 * JSON calls shared by the social and ads activation connectors: sent with `fetchWithRetry`
 * (network faults, 429 and 5xx retried), a non-2xx answer becomes a `VendorRejectedError` carrying
 * the vendor's own error message, and the secrets of the call are masked out of every message.
 */

import { readSecret, type SecretEnv } from '../../connectors/connector-secrets.ts';
import {
  fetchWithRetry,
  VendorRejectedError,
  type VendorRequest,
} from '../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../shared/errors.ts';
import type { HandleAction } from '../activation-connector.ts';

/** A vendor's answer with its body parsed (undefined when empty or not JSON). */
export interface VendorJsonAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One call: the request, how to read the vendor's error message, and what must stay secret. */
export interface VendorJsonCall extends VendorRequest {
  /** The vendor's human-readable message in an error body, if it has one. */
  errorMessage(body: unknown): string | undefined;
  /** Values (tokens, keys) that must never appear in an error message. */
  secrets: readonly string[];
  /** For vendors that fail with a 2xx answer (GraphQL): the failure in a 2xx body, if any. */
  failureIn2xx?(body: unknown): string | undefined;
  /** For vendors that throttle with a 4xx (Meta): true when this 4xx is worth retrying later. */
  transient4xx?(body: unknown): boolean;
}

/**
 * Sends a call and returns its 2xx answer; throws `VendorRejectedError` (4xx, or a failure
 * `failureIn2xx` finds) or `OperationalError` (retries exhausted, or a throttling 4xx that
 * `transient4xx` recognises), with the secrets masked.
 *
 * @example
 * const answer = await callVendorJson({ vendor: 'x', url: `${base}/2/users/me`,
 *   headers: { authorization: `Bearer ${token}` }, secrets: [token],
 *   errorMessage: (body) => stringAt(body, 'detail') });
 */
export async function callVendorJson(call: VendorJsonCall): Promise<VendorJsonAnswer> {
  const { errorMessage, secrets, failureIn2xx, transient4xx, ...request } = call;
  let answer: Awaited<ReturnType<typeof fetchWithRetry>>;
  try {
    answer = await fetchWithRetry(request);
  } catch (error) {
    if (error instanceof OperationalError) {
      throw new OperationalError(maskSecrets(error.message, secrets));
    }
    throw error;
  }
  const body = parseJsonBody(answer.text);
  const failed = answer.status < 200 || answer.status >= 300;
  const detail = failed ? (errorMessage(body) ?? answer.text.slice(0, 300)) : failureIn2xx?.(body);
  if (failed && transient4xx?.(body)) {
    throw new OperationalError(
      `${call.vendor}: HTTP ${answer.status} ${maskSecrets(detail ?? '', secrets)}`,
    );
  }
  if (detail !== undefined) {
    throw new VendorRejectedError(call.vendor, answer.status, maskSecrets(detail, secrets));
  }
  return { status: answer.status, headers: answer.headers, body };
}

/** A social vendor's JSON API reached with an OAuth bearer token read from the environment. */
export interface BearerJsonApi {
  vendor: string;
  /** API base URL; a trailing slash is dropped. */
  baseUrl: string;
  env: SecretEnv;
  /** Where the token comes from, for the missing-secret error: connector id, config key, variable. */
  token: { connectorId: string; key: string; variable: string };
  /** Headers the vendor requires on top of the bearer token and content type. */
  extraHeaders?(method: BearerJsonMethod): Record<string, string>;
  errorMessage(body: unknown): string | undefined;
}

/** The methods the social connectors use. */
export type BearerJsonMethod = 'GET' | 'POST' | 'DELETE';

/**
 * A caller for a bearer-token JSON API: each call reads the token (so a missing secret fails the
 * call, not the connector's creation), sends `body` as JSON when given, and masks the token.
 *
 * @example
 * const call = bearerJsonCaller({ vendor: 'x', baseUrl: 'https://api.x.com', env,
 *   token: { connectorId, key: 'access_token_env', variable: 'X_TOKEN' },
 *   errorMessage: (body) => stringAt(body, 'detail') });
 * const answer = await call('POST', '/2/tweets', { text: 'Hello' });
 */
export function bearerJsonCaller(
  api: BearerJsonApi,
): (method: BearerJsonMethod, path: string, body?: unknown) => Promise<VendorJsonAnswer> {
  const baseUrl = api.baseUrl.replace(/\/$/, '');
  return (method, path, body) => {
    const token = readSecret(api.env, api.token);
    return callVendorJson({
      vendor: api.vendor,
      url: `${baseUrl}${path}`,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...api.extraHeaders?.(method),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      errorMessage: api.errorMessage,
      secrets: [token],
    });
  };
}

/**
 * The string at `path` inside a parsed JSON value, or undefined.
 *
 * @example
 * stringAt({ error: { message: 'Invalid' } }, 'error', 'message'); // 'Invalid'
 */
export function stringAt(value: unknown, ...path: Array<string | number>): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/**
 * The value at `path` inside a parsed JSON value, or undefined.
 *
 * @example
 * valueAt({ data: { deleted: true } }, 'data', 'deleted'); // true
 */
export function valueAt(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * Social posts can only be cancelled (deleted), never paused: throws for `pause` and `resume`.
 *
 * @example
 * onlyCancel('x', action); // throws UserError unless action === 'cancel'
 */
export function onlyCancel(vendor: string, action: HandleAction): void {
  if (action === 'cancel') return;
  throw new UserError(
    'unsupported_handle_action',
    `${vendor} posts cannot be ${action === 'pause' ? 'paused' : 'resumed'}; only cancel (delete) is supported`,
  );
}

function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length > 0)
    .reduce((masked, secret) => masked.split(secret).join('[secret]'), text);
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
