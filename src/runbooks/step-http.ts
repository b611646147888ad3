/**
 * One HTTP call of a runbook step. Retrying is the step's business (its `retries` and
 * `backoff_ms`), so this tries once: network faults, timeouts, 408, 429 and 5xx become a
 * retryable `OperationalError`; other non-2xx answers a `VendorRejectedError` (not retried).
 */
import { isRetryableStatus, VendorRejectedError } from '../connectors/vendor-http.ts';
import { OperationalError } from '../shared/errors.ts';

/** A request of a step. */
export interface StepRequest {
  vendor: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses taken as success; any 2xx when absent. */
  expectStatus?: readonly number[];
  signal: AbortSignal;
}

/** The answer: status and body text. */
export interface StepAnswer {
  status: number;
  text: string;
}

/**
 * Sends `request` once.
 *
 * @example
 * const answer = await sendStepRequest({ vendor: 'venture', method: 'POST', url, body: '{}', signal });
 */
export async function sendStepRequest(request: StepRequest): Promise<StepAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    text = await response.text();
  } catch (error) {
    const reason = request.signal.aborted ? 'step timed out' : describe(error);
    throw new OperationalError(`${request.vendor}: ${reason}`, { cause: error });
  }
  const expected = request.expectStatus
    ? request.expectStatus.includes(response.status)
    : response.status >= 200 && response.status < 300;
  if (expected) return { status: response.status, text };
  if (isRetryableStatus(response.status)) {
    throw new OperationalError(`${request.vendor}: HTTP ${response.status} ${text.slice(0, 200)}`);
  }
  throw new VendorRejectedError(request.vendor, response.status, text.slice(0, 300));
}

/**
 * Sends a JSON body and parses a JSON answer (`{}` when the answer is not JSON).
 *
 * @example
 * const answer = await sendJson({ vendor: 'cloudflare', method: 'POST', url, body: { purge_everything: true }, signal });
 */
export async function sendJson(
  request: Omit<StepRequest, 'body'> & { body?: unknown; contentType?: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const { body, contentType, ...rest } = request;
  const answer = await sendStepRequest({
    ...rest,
    headers: { 'content-type': contentType ?? 'application/json', ...request.headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, json: parseObject(answer.text) };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
