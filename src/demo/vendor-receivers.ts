/**
 * Local stand-ins for the vendors the demo launch talks to: one HTTP server on 127.0.0.1 that
 * answers each vendor's documented endpoint with the documented success response and records
 * what it received, so the demo can show exactly which e-mails, posts, pages and webhooks the
 * launch sent — without any account or network.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a receiver got. */
export interface ReceivedCall {
  vendor: string;
  method: string;
  path: string;
  body: string;
}

interface Route {
  vendor: string;
  method: string;
  path: RegExp;
  reply(
    body: string,
    path: string,
  ): { status: number; headers?: Record<string, string>; body?: string };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The documented success answers of the vendors in VENDORS.md. */
const routes: Route[] = [
  {
    vendor: 'sendgrid',
    method: 'POST',
    path: /^\/v3\/mail\/send$/,
    reply: () => ({ status: 202, headers: { 'x-message-id': randomUUID() } }),
  },
  {
    vendor: 'sendgrid',
    method: 'POST',
    path: /^\/v3\/mail\/batch$/,
    reply: () => json(201, { batch_id: randomUUID() }),
  },
  {
    vendor: 'sendgrid',
    method: 'POST',
    path: /^\/v3\/user\/scheduled_sends$/,
    reply: (body) => json(201, JSON.parse(body || '{}')),
  },
  {
    vendor: 'sendgrid',
    method: 'DELETE',
    path: /^\/v3\/user\/scheduled_sends\//,
    reply: () => ({ status: 204 }),
  },
  {
    vendor: 'sendgrid',
    method: 'GET',
    path: /^\/v3\/scopes$/,
    reply: () => json(200, { scopes: ['mail.send'] }),
  },
  {
    vendor: 'x',
    method: 'POST',
    path: /^\/2\/tweets$/,
    reply: (body) =>
      json(201, { data: { id: String(Date.now()), text: String(JSON.parse(body).text) } }),
  },
  { vendor: 'x', method: 'GET', path: /^\/2\/users\/me$/, reply: () => json(200, { data: {} }) },
  {
    vendor: 'linkedin',
    method: 'POST',
    path: /^\/rest\/posts$/,
    reply: () => ({ status: 201, headers: { 'x-restli-id': `urn:li:share:${Date.now()}` } }),
  },
  { vendor: 'linkedin', method: 'GET', path: /^\/(v2|rest)\//, reply: () => json(200, {}) },
  {
    vendor: 'slack',
    method: 'POST',
    path: /^\/services\//,
    reply: () => ({ status: 200, body: 'ok' }),
  },
  {
    vendor: 'pagerduty',
    method: 'POST',
    path: /^\/v2\/(change\/)?enqueue$/,
    reply: () =>
      json(202, { status: 'success', message: 'Event processed', dedup_key: randomUUID() }),
  },
  {
    vendor: 'statuspage',
    method: 'POST',
    path: /^\/v1\/pages\/[^/]+\/incidents$/,
    reply: () => json(201, { id: randomUUID().slice(0, 12) }),
  },
  {
    vendor: 'statuspage',
    method: 'PATCH',
    path: /^\/v1\/pages\/[^/]+\/incidents\/[^/]+$/,
    reply: (_body, path) => json(200, { id: path.split('/').pop() }),
  },
  { vendor: 'statuspage', method: 'GET', path: /^\/v1\/pages\//, reply: () => json(200, {}) },
  { vendor: 'webhook', method: 'POST', path: /^\/hooks\//, reply: () => json(200, { ok: true }) },
  {
    vendor: 'zendesk',
    method: 'POST',
    path: /^\/api\/v2\/tickets\.json$/,
    reply: () => json(201, { ticket: { id: Date.now() % 1_000_000, status: 'new' } }),
  },
  {
    vendor: 'zendesk',
    method: 'PUT',
    path: /^\/api\/v2\/tickets\/\d+\.json$/,
    reply: () => json(200, { ticket: { status: 'solved' } }),
  },
  {
    vendor: 'zendesk',
    method: 'GET',
    path: /^\/api\/v2\/users\/me\.json$/,
    reply: () => json(200, { user: { id: 1, email: 'sam@acme.example', role: 'agent' } }),
  },
];

/** The running receivers. */
export interface VendorReceivers {
  url: string;
  calls: ReceivedCall[];
  /** How many calls each vendor received. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * Starts the receivers on a free port of 127.0.0.1. Unknown endpoints answer 404 (and are
 * recorded as vendor `unknown`), so a misrouted call shows up instead of passing silently.
 *
 * @example
 * const vendors = await startVendorReceivers();
 * // connectors: { vendor: sendgrid, config: { base_url: vendors.url, … } }
 */
export async function startVendorReceivers(): Promise<VendorReceivers> {
  const calls: ReceivedCall[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://receiver').pathname;
      const method = request.method ?? 'GET';
      const route = routes.find((r) => r.method === method && r.path.test(path));
      calls.push({ vendor: route?.vendor ?? 'unknown', method, path, body });
      let answer: ReturnType<Route['reply']>;
      try {
        answer = route ? route.reply(body, path) : json(404, { error: `no such endpoint ${path}` });
      } catch {
        answer = json(400, { error: 'malformed request body' });
      }
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    counts: () => {
      const counts: Record<string, number> = {};
      for (const call of calls) counts[call.vendor] = (counts[call.vendor] ?? 0) + 1;
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
