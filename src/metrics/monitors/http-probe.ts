/**
 * The HTTP(S) probe, on node:http / node:https with a fresh connection per probe (so DNS,
 * connect and TLS are checked every time) and one deadline over the whole exchange.
 *
 * Bodies: at most `bodyLimitBytes` (1 MiB) are read, streamed and never kept whole — the keyword
 * is searched chunk by chunk with a small overlap. Past the limit the probe stops reading; a
 * keyword not found in the first MiB of a larger body fails with `body_too_large` (we cannot
 * tell whether it comes later), while a probe without a keyword succeeds. Redirects are not
 * followed: a 301 is a `status` failure unless `expected_status` is 301.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { HttpProbeTarget, ProbeOutcome } from './monitor-spec.ts';
import { failure, failureOf } from './probe-failure.ts';

/** Bytes of a response body a probe reads at most. */
export const bodyLimitBytes = 1024 * 1024;

const userAgent = 'LaunchCrew-Monitor/1 (+https://launchcrew.dev)';

/**
 * Probes `target` once within `timeoutMs`.
 *
 * @example
 * await probeHttp({ type: 'http', url: 'https://acme.example/health', method: 'GET',
 *   expectedStatus: 200, headers: {}, headersEnv: {} }, { timeoutMs: 10_000 });
 * // { ok: true, latencyMs: 42.7 }
 */
export function probeHttp(
  target: HttpProbeTarget,
  options: { timeoutMs: number; env?: Readonly<Record<string, string | undefined>> },
): Promise<ProbeOutcome> {
  const headers = requestHeaders(target, options.env ?? process.env);
  if (typeof headers === 'string') return Promise.resolve(failure('other', headers, null));
  const url = new URL(target.url);
  const client = url.protocol === 'https:' ? https : http;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;

  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    let answered = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      resolve(outcome);
    };
    const request = client.request(url, { method: target.method, headers, agent: false });
    const deadline = setTimeout(() => {
      const phase = answered ? 'the body did not finish' : 'no response';
      finish(failure('timeout', `${phase} within ${options.timeoutMs} ms`, null));
    }, options.timeoutMs);
    request.on('error', (error) => finish(failureOf(error, answered ? elapsed() : null)));
    request.on('response', (response) => {
      answered = true;
      response.on('error', (error) => finish(failureOf(error, elapsed())));
      const status = response.statusCode ?? 0;
      if (status !== target.expectedStatus) {
        finish(failure('status', `HTTP ${status}, expected ${target.expectedStatus}`, elapsed()));
        return;
      }
      const search = keywordSearch(target.keyword);
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        const within =
          received <= bodyLimitBytes
            ? chunk
            : chunk.subarray(0, chunk.length - (received - bodyLimitBytes));
        if (search.feed(within)) finish({ ok: true, latencyMs: elapsed() });
        else if (received > bodyLimitBytes) finish(endOfBody(target, true, elapsed()));
      });
      response.on('end', () => {
        if (search.found()) finish({ ok: true, latencyMs: elapsed() });
        else finish(endOfBody(target, false, elapsed()));
      });
    });
    if (target.body !== undefined) request.end(target.body);
    else request.end();
  });
}

function endOfBody(target: HttpProbeTarget, truncated: boolean, latencyMs: number): ProbeOutcome {
  if (target.keyword === undefined) return { ok: true, latencyMs };
  if (truncated) {
    return failure(
      'body_too_large',
      `keyword not in the first ${bodyLimitBytes} bytes of a larger body`,
      latencyMs,
    );
  }
  return failure('keyword', `keyword ${JSON.stringify(target.keyword)} not in the body`, latencyMs);
}

/** Request headers, or a message naming the environment variable that is not set. */
function requestHeaders(
  target: HttpProbeTarget,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> | string {
  const headers: Record<string, string> = { 'user-agent': userAgent, ...target.headers };
  for (const [name, variable] of Object.entries(target.headersEnv)) {
    const value = env[variable];
    if (value === undefined || value === '') {
      return `environment variable ${variable} (header ${name}) is not set`;
    }
    headers[name] = value;
  }
  if (
    target.body !== undefined &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  ) {
    headers['content-type'] = 'application/json';
  }
  return headers;
}

/**
 * Streams chunks through a byte-level substring search that keeps only `keyword.length - 1`
 * bytes between chunks. Without a keyword nothing is searched and `found()` stays false.
 */
function keywordSearch(keyword: string | undefined): {
  feed(chunk: Buffer): boolean;
  found(): boolean;
} {
  if (keyword === undefined) return { feed: () => false, found: () => false };
  const needle = Buffer.from(keyword, 'utf8');
  let tail = Buffer.alloc(0);
  let seen = false;
  return {
    feed(chunk) {
      if (seen) return true;
      const window = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
      seen = window.indexOf(needle) !== -1;
      tail = Buffer.from(window.subarray(Math.max(0, window.length - (needle.length - 1))));
      return seen;
    },
    found: () => seen,
  };
}
