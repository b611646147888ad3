import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../src/api/app.ts';
import { samplePlanYaml } from '../src/api/test-harness.ts';
import { createToken } from '../src/auth/tokens.ts';
import { SimulatedClock } from '../src/clock/clock.ts';
import { LiveEventHub } from '../src/live/live-event-hub.ts';
import { insertSamples, type MetricSample } from '../src/metrics/samples/sample-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { launchChromium, webDist } from '../test/browser/dashboard-harness.ts';
import { type BenchResult, freshHome, median } from './measure.ts';

const MINUTES = 7 * 24 * 60;
const TOGGLES = 5;
const SERVER_CALLS = 10;
const TARGET_MS = 500;
const ranges = { '72h': 72 * 3_600_000, '7d': 7 * 86_400_000 } as const;
const metrics = {
  uptime: (i: number) => (i % 1_440 < 6 ? 97.5 : 100 - 0.3 * Math.abs(Math.sin(i / 37))),
  error_rate: (i: number) => 0.5 + 0.3 * Math.sin(i / 90) + (i % 997 === 0 ? 4 : 0),
  p95_response_time: (i: number) => 220 + 60 * Math.sin(i / 240) + ((i * 7919) % 41),
} as const;
const metricNames = Object.keys(metrics);

/** How the browser's series requests are sent: as the dashboard sends them, or rewritten. */
type Routing = { kind: 'direct' } | { kind: 'routed'; points?: number };

/**
 * The dashboard's 7-day charts in Debian's Chromium: a launch whose T0 is 7 days before the
 * API's (simulated) clock, 7 days of 1-minute samples (10,080 a metric) of uptime, error_rate and
 * p95_response_time, the launch view opened, then 5 times: click "7 days" → every chart's
 * polyline of the 7-day data is in the DOM (timed in the page with performance.now() and a
 * MutationObserver, awaited with waitForFunction), and back to 72 hours. Run as the dashboard
 * sends it (server downsampling to 500 points), with Playwright routing passing requests through
 * unchanged (the control), and routed with `points=5000`. Plus the series endpoint over HTTP,
 * range=7d, 10 calls each. Target (issue 6): 7 days of 1-minute data render in < 500 ms.
 */
export async function benchDashboardRender(store: Store): Promise<BenchResult[]> {
  await migrateToLatest(store.db);
  const clock = new SimulatedClock(new Date('2026-01-05T09:00:00Z'));
  const { secret: token } = await createToken(store.db, clock, {
    name: 'bench-lead',
    role: 'lead',
    actor: 'bench',
  });
  const hub = new LiveEventHub({ db: store.db, url: store.url });
  const app = createApi({
    db: store.db,
    clock,
    version: 'bench',
    isReady: async () => true,
    liveEvents: hub,
    webDist,
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = server as unknown as { closeAllConnections(): void };
  let browser: Browser | undefined;
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(loadavg()[0] ?? 0), 1_000);
  try {
    const launchId = await createLaunchAtDaySeven(store, clock, base, token);
    const to = new Date(Math.ceil(clock.now().getTime() / 60_000) * 60_000);
    const firstTick = (range: keyof typeof ranges) =>
      new Date(to.getTime() - ranges[range]).toISOString().slice(5, 16).replace('T', ' ');
    browser = await launchChromium();
    const run = (routing: Routing) =>
      timeRangeSwitches(browser as Browser, { base, token, launchId, firstTick, routing });
    const direct = await run({ kind: 'direct' });
    const passThrough = await run({ kind: 'routed' });
    const full = await run({ kind: 'routed', points: 5_000 });
    const endpoint = (points?: number) => timeSeriesEndpoint(base, token, launchId, points);
    const server500 = await endpoint();
    const server5000 = await endpoint(5_000);
    const load = `load average (1 min) ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} during the run`;
    const verdict = median(direct.runs) < TARGET_MS ? 'met' : 'NOT met';
    const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(1);
    return [
      {
        name: `dashboard: click "7 days" → 3 charts of 7 days at 1 minute drawn (median of ${TOGGLES})`,
        value: round(median(direct.runs)),
        unit: 'ms',
        detail: `max ${round(Math.max(...direct.runs))} ms; ${direct.drawn} points drawn per polyline; target < ${TARGET_MS} ms ${verdict}; ${load}`,
      },
      {
        name: 'dashboard: same, series requests through Playwright routing (control)',
        value: round(median(passThrough.runs)),
        unit: 'ms',
        detail: `max ${round(Math.max(...passThrough.runs))} ms; ${passThrough.drawn} points drawn per polyline`,
      },
      {
        name: 'dashboard: same, routed with points=5000 (server downsampling mostly off)',
        value: round(median(full.runs)),
        unit: 'ms',
        detail: `max ${round(Math.max(...full.runs))} ms; ${full.drawn} points drawn per polyline (client LTTB); ${ratio(full.runs, passThrough.runs)}× the routed control`,
      },
      {
        name: `series endpoint, range=7d, default 500 points (median of ${SERVER_CALLS})`,
        value: round(median(server500.runs)),
        unit: 'ms',
        detail: `max ${round(Math.max(...server500.runs))} ms; ${server500.points} points, ${server500.bytes} bytes over HTTP`,
      },
      {
        name: `series endpoint, range=7d, points=5000 (median of ${SERVER_CALLS})`,
        value: round(median(server5000.runs)),
        unit: 'ms',
        detail: `max ${round(Math.max(...server5000.runs))} ms; ${server5000.points} points, ${server5000.bytes} bytes; ${ratio(server5000.runs, server500.runs)}× the default`,
      },
    ];
  } finally {
    clearInterval(sampler);
    await browser?.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await hub.close();
  }
}

/** Creates the sample plan's launch over HTTP, moves the clock to T0 + 7 days, fills 7 days. */
async function createLaunchAtDaySeven(
  store: Store,
  clock: SimulatedClock,
  base: string,
  token: string,
): Promise<string> {
  const created = await fetch(`${base}/v1/launches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
    body: samplePlanYaml,
  });
  if (created.status !== 201)
    throw new Error(`creating the launch failed: ${await created.text()}`);
  const { launch } = (await created.json()) as { launch: { id: string } };
  const { t0 } = await store.db
    .selectFrom('launches')
    .select('t0')
    .where('id', '=', launch.id)
    .executeTakeFirstOrThrow();
  clock.set(new Date(t0.getTime() + ranges['7d']));
  for (const [name, valueAt] of Object.entries(metrics))
    for (let start = 0; start < MINUTES; start += 2_000) {
      const samples: MetricSample[] = Array.from(
        { length: Math.min(2_000, MINUTES - start) },
        (_, k) => ({
          name,
          labels: {},
          value: valueAt(start + k),
          ts: new Date(t0.getTime() + (start + k) * 60_000),
        }),
      );
      await insertSamples(store.db, launch.id, samples);
    }
  return launch.id;
}

/**
 * Signs in, opens the launch view with the three charts, then times `TOGGLES` switches to
 * "7 days" (each followed by an untimed switch back to "72 hours").
 */
async function timeRangeSwitches(
  browser: Browser,
  setup: {
    base: string;
    token: string;
    launchId: string;
    firstTick: (range: keyof typeof ranges) => string;
    routing: Routing;
  },
): Promise<{ runs: number[]; drawn: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await routeSeries(context, setup.routing);
    const page = await context.newPage();
    await page.goto(setup.base);
    await page.getByLabel('API token').fill(setup.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('bench-lead').waitFor();
    await page.goto(`${setup.base}/app/launches/${setup.launchId}`);
    await page.getByRole('heading', { name: 'Metrics' }).waitFor();
    for (const metric of metricNames)
      if ((await page.locator(`figure[data-metric="${metric}"]`).count()) === 0) {
        await page.getByLabel('Chart another metric').fill(metric);
        await page.keyboard.press('Enter');
      }
    await switchRange(page, '72 hours', setup.firstTick('72h'));
    const runs: number[] = [];
    for (let i = 0; i < TOGGLES; i++) {
      runs.push(await switchRange(page, '7 days', setup.firstTick('7d')));
      await switchRange(page, '72 hours', setup.firstTick('72h'));
    }
    await switchRange(page, '7 days', setup.firstTick('7d'));
    const drawn = (await page.evaluate(polylineSizes)) as number[];
    return { runs, drawn: [...new Set(drawn)].join('/') };
  } finally {
    await context.close();
  }
}

async function routeSeries(context: BrowserContext, routing: Routing): Promise<void> {
  if (routing.kind === 'direct') return;
  await context.route(
    (url) => url.pathname.endsWith('/series'),
    (route) =>
      route.continue(
        routing.points ? { url: `${route.request().url()}&points=${routing.points}` } : {},
      ),
  );
}

/** Points in each chart's polyline, in chart order (runs in the page). */
const polylineSizes = `[...document.querySelectorAll('figure.chart-card svg.chart polyline.series')]
  .map((line) => line.getAttribute('points').trim().split(/\\s+/).length)`;

/**
 * Clicks the range's radio in the page (when already selected: waits for the charts to load) and returns the milliseconds until every chart shows a
 * polyline whose x axis starts at `firstTick` (the range's `from`; the old data stays on screen
 * for one render after the click, so the title alone is not proof). A MutationObserver stamps
 * performance.now() when that first holds; waitForFunction awaits the stamp.
 */
async function switchRange(page: Page, label: string, firstTick: string): Promise<number> {
  const args = JSON.stringify({ metrics: metricNames, label, firstTick });
  await page.evaluate(`(() => {
    const { metrics, label, firstTick } = ${args};
    const drawn = () => metrics.every((metric) => {
      const svg = document.querySelector('figure.chart-card[data-metric="' + metric + '"] svg.chart');
      const tick = svg && svg.querySelector('text.axis[text-anchor="middle"]');
      return Boolean(tick && tick.textContent === firstTick && svg.querySelector('polyline.series'));
    });
    window.__rangeDrawnAfter = undefined;
    const radio = [...document.querySelectorAll('fieldset.segmented label')]
      .find((l) => l.textContent.trim() === label).querySelector('input');
    const started = performance.now();
    const stamp = () => {
      if (!drawn()) return;
      window.__rangeDrawnAfter = performance.now() - started;
      observer.disconnect();
    };
    const observer = new MutationObserver(stamp);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    if (radio.checked) stamp();
    else radio.click();
  })()`);
  // A function, not a string: the dashboard's CSP forbids eval.
  const elapsed = await page.waitForFunction(
    () => (globalThis as { __rangeDrawnAfter?: number }).__rangeDrawnAfter,
    undefined,
    { timeout: 60_000 },
  );
  return (await elapsed.jsonValue()) as number;
}

/** `SERVER_CALLS` GETs of the series endpoint for range=7d over HTTP, one metric after another. */
async function timeSeriesEndpoint(
  base: string,
  token: string,
  launchId: string,
  points?: number,
): Promise<{ runs: number[]; points: number; bytes: number }> {
  const runs: number[] = [];
  let body = '';
  for (let i = 0; i < SERVER_CALLS; i++) {
    const metric = metricNames[i % metricNames.length] as string;
    const query = `metric=${metric}&range=7d${points ? `&points=${points}` : ''}`;
    const started = performance.now();
    const answer = await fetch(`${base}/v1/launches/${launchId}/series?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    body = await answer.text();
    runs.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`series answered ${answer.status}: ${body}`);
  }
  const chart = JSON.parse(body) as { series: { points: unknown[] }[] };
  return { runs, points: chart.series[0]?.points.length ?? 0, bytes: body.length };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

if (import.meta.main) {
  const home = await freshHome('launchcrew-bench-dashboard-');
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, home });
  try {
    const results = await benchDashboardRender(store);
    console.log('| benchmark | result | notes |\n|---|---|---|');
    for (const r of results)
      console.log(`| ${r.name} | ${r.value} ${r.unit} | ${r.detail ?? ''} |`);
  } finally {
    await store.close();
    await rm(home, { recursive: true, force: true });
  }
}
