/**
 * HTTP calls to vendors: a timeout on every request, and retries with exponential backoff on
 * network faults, 429 and 5xx (honouring `Retry-After` up to `maxDelayMs`). What is still
 * failing after the last attempt becomes an `OperationalError`, so a job retries it later.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError } from '../shared/errors.ts';

/** How long to wait and how often to try. */
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  timeoutMs: 10_000,
};

/** One request to a vendor. `vendor` names it in error messages. */
export interface VendorRequest {
  vendor: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

/** The vendor's answer, body read as text. */
export interface VendorResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A vendor refused the request (4xx other than 408/429): retrying the same request cannot help.
 *
 * @example
 * throw new VendorRejectedError('slack', 400, 'invalid_payload');
 */
export class VendorRejectedError extends Error {
  readonly vendor: string;
  readonly status: number;

  constructor(vendor: string, status: number, detail: string) {
    super(`${vendor} rejected the request: HTTP ${status}${detail ? ` ${detail}` : ''}`);
    this.name = 'VendorRejectedError';
    this.vendor = vendor;
    this.status = status;
  }
}

/**
 * True for answers worth retrying: 408, 429 and 5xx.
 *
 * @example
 * isRetryableStatus(429); // true
 * isRetryableStatus(400); // false
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Sends `request`, retrying network faults and retryable statuses. Returns the first answer that
 * is not retryable; throws `OperationalError` when every attempt failed or `Retry-After` asks for
 * a longer wait than `maxDelayMs`.
 *
 * @example
 * const answer = await fetchWithRetry({ vendor: 'slack', url, method: 'POST', body });
 * if (answer.status >= 400) throw new VendorRejectedError('slack', answer.status, answer.text);
 */
export async function fetchWithRetry(
  request: VendorRequest,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<VendorResponse> {
  let lastFault = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    let waitMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    try {
      const response = await fetch(request.url, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      if (!isRetryableStatus(response.status)) {
        return { status: response.status, headers: response.headers, text };
      }
      lastFault = `HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfterMs !== undefined) {
        if (retryAfterMs > policy.maxDelayMs) {
          throw new OperationalError(
            `${request.vendor}: ${lastFault}; retry after ${Math.ceil(retryAfterMs / 1000)}s`,
          );
        }
        waitMs = retryAfterMs;
      }
    } catch (error) {
      if (error instanceof OperationalError) throw error;
      lastFault = describeFault(error, policy.timeoutMs);
    }
    if (attempt < policy.attempts) await sleep(waitMs);
  }
  throw new OperationalError(
    `${request.vendor}: ${lastFault} (after ${policy.attempts} attempt(s))`,
  );
}

function describeFault(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timeout after ${timeoutMs / 1000}s`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** `Retry-After` in seconds (what Slack and PagerDuty send), in ms; undefined otherwise. */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  return undefined;
}

/**
 * A failed connection test as a result, not an exception.
 *
 * @example
 * try { await client.buildInfo(); } catch (error) { return describeCheckFailure(error); }
 */
export function describeCheckFailure(error: unknown): { ok: false; message: string } {
  return { ok: false, message: error instanceof Error ? error.message : String(error) };
}
