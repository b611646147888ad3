/**
 * The example venture: a small web product with versions v1 and v2 behind a traffic switch, a
 * fault switch, a page cache with a purge endpoint, and Prometheus-style metrics. Admin calls
 * that change something honour an `Idempotency-Key` header: a repeated key changes nothing and
 * gets the first answer again.
 *
 * `POST /admin/traffic` takes `{version, weight?}`: with a weight below 100 it is a canary, serving
 * `version` to `weight` % of requests and the other version to the rest.
 * `POST /admin/faults` also takes `admin_latency_ms`, delaying admin answers after the change.
 *
 * Usage: node examples/venture/server.ts [--port N] [--data-dir DIR]; prints `listening <url>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMigrationLog, readSchemaVersion } from './migrate.ts';

/** A version of the product. */
export type VentureVersion = 'v1' | 'v2';

/** Faults injected into one version. */
export interface VentureFaults {
  error_rate: number;
  latency_ms: number;
  outage: boolean;
}

/** What the venture has done so far (GET /admin/state). */
export interface VentureState {
  traffic: VentureVersion;
  /** A canary in progress: `version` serves `weight` % of requests. */
  canary: { version: VentureVersion; weight: number } | null;
  /** Traffic changes that moved traffic to another version. */
  trafficSwitches: number;
  purges: number;
  faults: Record<VentureVersion, VentureFaults>;
  adminLatencyMs: number;
  requests: Record<VentureVersion, { ok: number; errors: number }>;
  schemaVersion: number | null;
  migrationLog: string[];
}

const otherVersion = (version: VentureVersion): VentureVersion => (version === 'v1' ? 'v2' : 'v1');

const noFaults = (): VentureFaults => ({ error_rate: 0, latency_ms: 0, outage: false });

/**
 * Starts the venture's HTTP server on 127.0.0.1 and resolves with its address.
 *
 * @example
 * const { url, close } = await serveVenture({ port: 0, dataDir: '/tmp/venture' });
 */
export async function serveVenture(options: { port?: number; dataDir?: string }) {
  const state = {
    traffic: 'v2' as VentureVersion,
    canary: null as { version: VentureVersion; weight: number } | null,
    trafficSwitches: 0,
    purges: 0,
    faults: { v1: noFaults(), v2: noFaults() },
    /** Delay of admin answers, after the change is made (widens crash windows in tests). */
    adminLatencyMs: 0,
    requests: { v1: { ok: 0, errors: 0 }, v2: { ok: 0, errors: 0 } },
  };
  const cache = new Map<string, string>();
  const answered = new Map<string, { status: number; body: unknown }>();

  const snapshot = (): VentureState => ({
    ...structuredClone(state),
    schemaVersion: options.dataDir ? readSchemaVersion(options.dataDir) : null,
    migrationLog: options.dataDir ? readMigrationLog(options.dataDir) : [],
  });

  const admin: Record<
    string,
    (body: Record<string, unknown>) => { status: number; body: unknown }
  > = {
    'GET /admin/traffic': () => ({ status: 200, body: trafficView() }),
    'GET /admin/state': () => ({ status: 200, body: snapshot() }),
    'POST /admin/traffic': (body) => {
      if (body.version !== 'v1' && body.version !== 'v2') {
        return { status: 400, body: { error: 'version must be "v1" or "v2"' } };
      }
      const weight = body.weight ?? 100;
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
        return { status: 400, body: { error: 'weight must be an integer 0…100' } };
      }
      if (weight > 0 && weight < 100) {
        state.canary = { version: body.version, weight };
      } else {
        state.canary = null;
        const version = weight === 100 ? body.version : otherVersion(body.version);
        if (version !== state.traffic) {
          state.traffic = version;
          state.trafficSwitches += 1;
          cache.clear();
        }
      }
      return { status: 200, body: trafficView() };
    },
    'POST /admin/faults': (body) => {
      const version = body.version === 'v1' ? 'v1' : body.version === 'v2' ? 'v2' : state.traffic;
      const faults = state.faults[version];
      if (typeof body.error_rate === 'number') faults.error_rate = clamp(body.error_rate);
      if (typeof body.latency_ms === 'number') faults.latency_ms = Math.max(0, body.latency_ms);
      if (typeof body.outage === 'boolean') faults.outage = body.outage;
      if (typeof body.admin_latency_ms === 'number') {
        state.adminLatencyMs = Math.max(0, body.admin_latency_ms);
      }
      return { status: 200, body: { version, ...faults, admin_latency_ms: state.adminLatencyMs } };
    },
    'POST /admin/cache/purge': () => {
      cache.clear();
      state.purges += 1;
      return { status: 200, body: { purged: true, purges: state.purges } };
    },
  };

  function trafficView() {
    return state.canary
      ? { version: state.traffic, canary: state.canary }
      : { version: state.traffic };
  }

  function servedVersion(): VentureVersion {
    if (!state.canary) return state.traffic;
    const { version, weight } = state.canary;
    return Math.random() * 100 < weight ? version : otherVersion(version);
  }

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      reply(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://venture').pathname;
    const route = admin[`${request.method} ${path}`];
    if (route) {
      const key = request.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? `${path}:${key}` : undefined;
      const earlier = idempotencyKey ? answered.get(idempotencyKey) : undefined;
      if (earlier) return reply(response, earlier.status, earlier.body);
      const answer = route(await readJson(request));
      if (state.adminLatencyMs > 0) await sleep(state.adminLatencyMs);
      if (idempotencyKey && answer.status < 400) answered.set(idempotencyKey, answer);
      return reply(response, answer.status, answer.body);
    }
    if (request.method === 'GET' && path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(prometheusText(state.requests));
      return;
    }
    if (request.method === 'GET' && (path === '/' || path === '/healthz')) {
      const version = servedVersion();
      const faults = state.faults[version];
      if (faults.latency_ms > 0) await sleep(faults.latency_ms);
      if (faults.outage || Math.random() < faults.error_rate) {
        state.requests[version].errors += 1;
        return reply(response, 503, { status: 'error', version });
      }
      state.requests[version].ok += 1;
      if (path === '/healthz') return reply(response, 200, { status: 'ok', version });
      const page = cache.get(version) ?? `<h1>Example venture ${version}</h1>`;
      cache.set(version, page);
      response.writeHead(200, { 'content-type': 'text/html', 'x-version': version });
      response.end(page);
      return;
    }
    reply(response, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString('utf8');
  if (text.trim() === '') return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function prometheusText(requests: VentureState['requests']): string {
  const lines = ['# TYPE venture_requests_total counter'];
  for (const [version, counts] of Object.entries(requests)) {
    lines.push(`venture_requests_total{version="${version}",outcome="ok"} ${counts.ok}`);
    lines.push(`venture_requests_total{version="${version}",outcome="error"} ${counts.errors}`);
  }
  return `${lines.join('\n')}\n`;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  const { url } = await serveVenture({
    port: Number(option(args, '--port') ?? 0),
    dataDir: option(args, '--data-dir') ?? process.env.VENTURE_DATA_DIR,
  });
  process.stdout.write(`listening ${url}\n`);
}
