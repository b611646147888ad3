/**
 * Screenshots of the dashboard on real data: runs `launchcrew demo` (a whole launch of the example
 * venture) next to two launches still in preparation, then photographs the portfolio and the
 * demo launch in Debian's Chromium. Writes docs/screenshots/demo-portfolio.png and demo-launch.png.
 * Usage: DATABASE_URL=postgres://… node scripts/demo-screenshots.ts (a fresh, empty database).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedClock } from '../src/clock/clock.ts';
import { runDemo } from '../src/demo/run-demo.ts';
import { createLaunch } from '../src/launch/launch-service.ts';
import { renderPlan } from '../src/plan/init/render-plan.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';
import { launchChromium } from '../test/browser/dashboard-harness.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('set DATABASE_URL to a fresh, empty database');
const out = join(import.meta.dirname, '../docs/screenshots');
mkdirSync(out, { recursive: true });
const store = await openStore({ databaseUrl, home: '/tmp', poolSize: 10 });
await migrateToLatest(store.db);
const clock = new SimulatedClock(new Date());
for (const [preset, id, name] of [
  ['consumer_app_launch', 'pixel-pals', 'Pixel Pals'],
  ['developer_tool_launch', 'orbit-cli', 'Orbit CLI'],
] as const) {
  const planYaml = renderPlan(preset, { now: clock.now(), schemaRef: 'x.json' })
    .replace(/^ {2}id: .*$/m, `  id: ${id}`)
    .replace(/^ {2}name: .*$/m, `  name: ${name}`);
  await createLaunch({ db: store.db, clock }, { planYaml, actor: 'screenshots' });
}
try {
  await runDemo({
    store,
    print: (line) => console.error(line),
    outDir: '/tmp/launchcrew-screenshots',
    async hold(dashboard) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(dashboard.url);
        await page.getByLabel('API token').fill(dashboard.token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText('Acme Notes').first().waitFor();
        await page.screenshot({ path: join(out, 'demo-portfolio.png') });
        await page.getByText('Acme Notes').first().click();
        await page.getByText('Executive summary').waitFor();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(out, 'demo-launch.png'), fullPage: true });
      } finally {
        await browser.close();
      }
    },
  });
} finally {
  await store.close();
}
