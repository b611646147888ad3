import {
  defaultRetryPolicy,
  fetchWithRetry,
  type RetryPolicy,
  VendorRejectedError,
  type VendorResponse,
} from '../../connectors/vendor-http.ts';

/**
 * POSTs a JSON body. 429/5xx and network faults are retried (then `OperationalError`, which the
 * job retries); any other non-2xx answer is a `VendorRejectedError` (the delivery fails).
 *
 * @example
 * await postJson({ vendor: 'slack', url, body: JSON.stringify(message) });
 */
export async function postJson(
  request: { vendor: string; url: string; body: string; headers?: Record<string, string> },
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<VendorResponse> {
  const answer = await fetchWithRetry(
    {
      vendor: request.vendor,
      url: request.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
    },
    policy,
  );
  if (answer.status < 200 || answer.status >= 300) {
    throw new VendorRejectedError(request.vendor, answer.status, answer.text.slice(0, 300));
  }
  return answer;
}
