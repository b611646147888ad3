import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApi } from '../../src/api/app.ts';
import { samplePlanYaml, startTestApi, type TestApi } from '../../src/api/test-harness.ts';
import type { Role } from '../../src/auth/roles.ts';
import { LiveEventHub } from '../../src/live/live-event-hub.ts';

/** The built dashboard the tests drive (`npm run build:web`; `npm test` builds it first). */
export const webDist = join(import.meta.dirname, '../../web/dist');

/** Debian's Chromium, as installed by `.ci/run`. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Starts Debian's Chromium headless for Playwright (no sandbox: CI runs as root).
 *
 * @example
 * const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (see .ci/run)`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The API with live events and the built dashboard, served over real HTTP. */
export interface DashboardServer {
  api: TestApi;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Drops every open HTTP connection (live streams included), as a restarting proxy would. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * Starts the API (fresh database, simulated clock, one token per role) with its live-event hub
 * and the dashboard from web/dist, listening on a free port.
 *
 * @example
 * const server = await startDashboardServer();
 * await page.goto(server.url);
 */
export async function startDashboardServer(api?: TestApi): Promise<DashboardServer> {
  if (!existsSync(join(webDist, 'index.html')))
    throw new Error('web/dist is not built: run npm run build:web (npm test does it)');
  const testApi = api ?? (await startTestApi());
  const hub = new LiveEventHub({ db: testApi.t.db, url: testApi.t.url });
  const app = createApi({
    db: testApi.t.db,
    clock: testApi.clock,
    version: '0.0.0-test',
    isReady: async () => true,
    liveEvents: hub,
    webDist,
    logger: { error: (details) => testApi.logged.push(details) },
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const http = server as unknown as { closeAllConnections(): void };
  return {
    api: testApi,
    url: `http://127.0.0.1:${port}`,
    dropConnections: () => http.closeAllConnections(),
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
      if (!api) await testApi.close();
    },
  };
}

/**
 * Signs in on the dashboard's form with the token of `role`.
 *
 * @example
 * await signIn(page, server, 'lead');
 */
export async function signIn(page: Page, server: DashboardServer, role: Role): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('API token').fill(server.api.tokens[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`${role}-user`).waitFor();
}

/**
 * Creates a launch of the sample plan for another venture.
 *
 * @example
 * const id = await createVentureLaunch(api, 'orbit-mail', 'Orbit Mail');
 */
export function createVentureLaunch(
  api: TestApi,
  ventureId: string,
  name: string,
): Promise<string> {
  return api.createLaunch(
    samplePlanYaml.replace('id: acme-notes', `id: ${ventureId}`).replace('Acme Notes', name),
  );
}

/**
 * Pushes metric samples through the ingest API (`POST /v1/metrics`) with a fresh ingest key of
 * the venture; timestamps default to the simulated clock's now.
 *
 * @example
 * await pushSamples(api, 'acme-notes', launchId, [{ name: 'signups', value: 4 }]);
 */
export async function pushSamples(
  api: TestApi,
  ventureId: string,
  launchId: string,
  samples: Array<{
    name: string;
    value: number;
    timestamp?: string;
    labels?: Record<string, string>;
  }>,
): Promise<void> {
  const key = await api.call<{ secret: string }>('POST', `/v1/ventures/${ventureId}/ingest-keys`, {
    as: 'lead',
    json: { name: `test-${Date.now()}` },
  });
  if (key.status !== 201) throw new Error(`creating an ingest key failed: ${key.text}`);
  const now = api.clock.now().toISOString();
  const pushed = await api.call('POST', `/v1/metrics?launch_id=${launchId}`, {
    headers: { authorization: `Bearer ${key.body.secret}` },
    json: { samples: samples.map((s) => ({ timestamp: now, ...s })) },
  });
  if (pushed.status !== 200) throw new Error(`pushing samples failed: ${pushed.text}`);
}

/**
 * POSTs JSON from inside the page with the token the page signed in with (a request made by
 * hand, past the buttons the page shows): the server must decide.
 *
 * @example
 * const forged = await postFromPage(viewer, `/v1/approvals/${id}/approve`, { reason: 'forged' });
 */
export function postFromPage(
  page: Page,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  return page.evaluate(`(async () => {
    const answer = await fetch(${JSON.stringify(path)}, {
      method: 'POST',
      headers: {
        authorization: 'Bearer ' + sessionStorage.getItem('launchcrew.token'),
        'content-type': 'application/json',
      },
      body: ${JSON.stringify(JSON.stringify(body))},
    });
    return { status: answer.status, body: await answer.json() };
  })()`);
}
