/**
 * The dashboard in Debian's Chromium (Playwright): sign-in, the portfolio of a seeded set of
 * launches, the launch view, a sample pushed through the ingest API appearing live, the live
 * stream resuming after the server drops it, and the screenshots of docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVentureLaunch,
  type DashboardServer,
  launchChromium,
  pushSamples,
  signIn,
  startDashboardServer,
} from './dashboard-harness.ts';

const screenshots = join(import.meta.dirname, '../../docs/screenshots');
const hostileName = '<img src=x onerror=alert(1)> Labs';

/** How long a live update may take to show before the test fails (it takes < 1 s). */
const waitUpTo = { timeout: 10_000 };

describe('the dashboard in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let acmeId: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
    // Mid-minute, as real time almost always is: the current minute's bucket is on the charts.
    server.api.clock.advance(30_000);
    acmeId = await server.api.createLaunch();
    await createVentureLaunch(server.api, 'orbit-mail', 'Orbit Mail');
    await createVentureLaunch(server.api, 'hostile-labs', JSON.stringify(hostileName));
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with an API token kept in the tab, never in a cookie', async () => {
    const answer = await page.goto(server.url);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('API token').fill('not-a-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent(), waitUpTo).toContain('not valid');

    await signIn(page, server, 'lead');
    expect(await page.getByText('Signed in as').textContent()).toBe(
      'Signed in as lead-user (lead)',
    );
    expect(await page.evaluate("sessionStorage.getItem('launchcrew.token')")).toBe(
      server.api.tokens.lead,
    );
    expect(await context.cookies()).toEqual([]);
  });

  it('lists every launch of the portfolio, filters and sorts them, and escapes their text', async () => {
    const rows = page.locator('table.portfolio tbody tr');
    await expect.poll(() => rows.count(), waitUpTo).toBe(3);
    const names = await page.locator('table.portfolio tbody th a').allTextContents();
    expect(names).toEqual([hostileName, 'Acme Notes', 'Orbit Mail']);
    expect(await page.locator('table.portfolio img').count()).toBe(0);
    expect(dialogs).toEqual([]);

    await page.getByRole('button', { name: 'Venture' }).click();
    expect(await page.locator('table.portfolio tbody th a').allTextContents()).toEqual([
      'Orbit Mail',
      'Acme Notes',
      hostileName,
    ]);
    await page.getByLabel('Venture').fill('orbit');
    await expect.poll(() => rows.count(), waitUpTo).toBe(1);
    await page.getByLabel('Venture').fill('');
    await expect.poll(() => rows.count(), waitUpTo).toBe(3);
  });

  it('opens a launch from the keyboard and shows its summary, triggers and charts', async () => {
    await page.getByRole('link', { name: 'Acme Notes' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Acme Notes', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/launches/${acmeId}`);
    await page.getByRole('heading', { name: 'Executive summary' }).waitFor();
    expect(await page.locator('.triggers li').count()).toBeGreaterThan(0);
    await page.locator('figure.chart-card').first().waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  });

  it('shows a metric sample posted through the ingest API on the chart, without a reload', async () => {
    await page.evaluate('window.notReloaded = true');
    await pushSamples(server.api, 'acme-notes', acmeId, [{ name: 'signups', value: 42 }]);
    const chart = page.locator('figure[data-metric="signups"]');
    await expect
      .poll(() => chart.locator('.latest').textContent(), waitUpTo)
      .toContain('Latest: 42.00');
    expect(Number(await chart.locator('svg').getAttribute('data-points'))).toBe(1);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('resumes the live stream with Last-Event-ID after the server drops the connection', async () => {
    const streams: Request[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/events') streams.push(request);
    });
    server.dropConnections();
    server.api.clock.advance(60_000);
    // Committed while the browser is disconnected: only a resumed stream can deliver it.
    await pushSamples(server.api, 'acme-notes', acmeId, [{ name: 'signups', value: 77 }]);
    const chart = page.locator('figure[data-metric="signups"]');
    await expect
      .poll(() => chart.locator('.latest').textContent(), waitUpTo)
      .toContain('Latest: 77.00');
    const resumedFrom = Number(streams[0]?.headers()['last-event-id']);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(streams[0]?.headers().authorization).toBe(`Bearer ${server.api.tokens.lead}`);
  });

  it('writes screenshots of the portfolio and launch views (desktop and phone)', async () => {
    mkdirSync(screenshots, { recursive: true });
    const start = server.api.clock.now().getTime();
    const at = (i: number) => new Date(start - (50 - i) * 60_000).toISOString();
    await pushSamples(
      server.api,
      'acme-notes',
      acmeId,
      Array.from({ length: 50 }, (_, i) => [
        {
          name: 'error_rate',
          value: 0.4 + 0.3 * Math.sin(i / 4) + (i > 40 ? 1.2 : 0),
          timestamp: at(i),
        },
        { name: 'uptime', value: i > 42 ? 99.2 : 100, timestamp: at(i) },
      ]).flat(),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Executive summary' }).waitFor();
    // Metrics no trigger watches are added by name, from the keyboard.
    await page.getByLabel('Chart another metric').fill('signups');
    await page.keyboard.press('Enter');
    await page.locator('figure[data-metric="signups"] svg').waitFor();
    await expect
      .poll(
        () => page.locator('figure[data-metric="error_rate"] svg').getAttribute('data-points'),
        waitUpTo,
      )
      .toBe('50');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(screenshots, 'launch.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, 'launch-phone.png') });
    const overflow = await page.evaluate('document.documentElement.scrollWidth');
    expect(overflow).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'All launches' }).click();
    await expect.poll(() => page.locator('table.portfolio tbody tr').count(), waitUpTo).toBe(3);
    await page.screenshot({ path: join(screenshots, 'portfolio.png') });
  }, 60_000);
});
