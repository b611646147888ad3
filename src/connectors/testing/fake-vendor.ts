/**
 * A vendor faked at the HTTP wire for tests: a real server on 127.0.0.1 that records every
 * request (method, path, query, headers, body) and answers from a queue of replies.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the vendor received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Wall-clock ms when the whole request had arrived (for latency benchmarks). */
  receivedAt: number;
}

/** What the fake answers; `hang` never answers (for timeouts). */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

/** A running fake vendor. */
export interface FakeVendor {
  url: string;
  received: ReceivedRequest[];
  /** Replies used in order; when empty, `fallback` answers. */
  replies: FakeReply[];
  fallback: FakeReply;
  close(): Promise<void>;
}

/**
 * Starts a fake vendor on a free port.
 *
 * @example
 * const slack = await startFakeVendor({ status: 200, body: 'ok' });
 * slack.replies.push({ status: 429, headers: { 'retry-after': '0' } });
 */
export async function startFakeVendor(fallback: FakeReply = { status: 200 }): Promise<FakeVendor> {
  const received: ReceivedRequest[] = [];
  const replies: FakeReply[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      received.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
        receivedAt: Date.now(),
      });
      const reply = replies.shift() ?? vendor.fallback;
      if (reply.hang) return;
      response.writeHead(reply.status ?? 200, reply.headers ?? {});
      response.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const vendor: FakeVendor = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    replies,
    fallback,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return vendor;
}

/**
 * A JSON reply.
 *
 * @example
 * vendor.replies.push(jsonReply(202, { status: 'success' }));
 */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
