/**
 * The incident flow of the example venture in the browser: errors injected into v2 fire
 * LAUNCH-001, the incident and its rollback approval appear live on the launch view; a viewer
 * has no approve button and a forged approval is refused (403); a lead approves on the page and
 * follows the rollback runbook and the incident until resolved.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { jobKinds, runbookFinishedJob, triggerEventJob } from '../../src/app/job-kinds.ts';
import { listApprovals } from '../../src/approvals/approval-service.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../src/connectors/testing/fake-vendor.ts';
import { ventureDrillPlanYaml } from '../../src/drills/testing/venture-plan.ts';
import { ventureMetricReader } from '../../src/drills/venture-metric-reader.ts';
import { setIncidentDependencies } from '../../src/incidents/incident-dependencies.ts';
import { wiredIncidentDependencies } from '../../src/incidents/wired-dependencies.ts';
import { runSchedule } from '../../src/jobs/due-work-controller.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { setRunbookDependencies } from '../../src/runbooks/runbook-dependencies.ts';
import { waitForRunEnd } from '../../src/runbooks/testing/runbook-harness.ts';
import { runTriggerSchedule } from '../../src/triggers/trigger-scheduler.ts';
import {
  type DashboardServer,
  launchChromium,
  postFromPage,
  signIn,
  startDashboardServer,
} from './dashboard-harness.ts';

const MIN = 60_000;
const env = { PD_ROUTING_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF' };

describe('incident response on the dashboard', () => {
  let server: DashboardServer;
  let browser: Browser;
  let queue: JobQueue;
  let venture: ExampleVenture;
  let pagerDuty: FakeVendor;
  let slack: FakeVendor;
  let launchId: string;
  let replay: (ms: number) => Promise<unknown>;
  const saved = { ...process.env };

  beforeAll(async () => {
    [server, browser, venture, pagerDuty, slack] = await Promise.all([
      startDashboardServer(),
      launchChromium(),
      startExampleVenture(),
      startFakeVendor(jsonReply(202, { status: 'success', message: 'Event processed' })),
      startFakeVendor({ status: 200, body: 'ok' }),
    ]);
    Object.assign(process.env, env, { DASHBOARD_SLACK_URL: `${slack.url}/services/T/B/X` });
    const { db } = server.api.t;
    const clock = server.api.clock;
    queue = await JobQueue.open({ url: server.api.t.url, db, clock, kinds: jobKinds });
    setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env: process.env }));
    setRunbookDependencies({
      metrics: ventureMetricReader(venture.url),
      env: process.env,
      allowedExecutables: [process.execPath],
      finishedJob: runbookFinishedJob,
    });
    await queue.startWorkers();
    launchId = await server.api.createLaunch(
      ventureDrillPlanYaml(venture, {
        pagerDutyUrl: pagerDuty.url,
        slackUrlEnv: 'DASHBOARD_SLACK_URL',
      }),
    );
    await db
      .updateTable('launches')
      .set({ state: 'monitoring' })
      .where('id', '=', launchId)
      .execute();
    const engine = {
      db,
      clock,
      queue,
      reader: ventureMetricReader(venture.url),
      eventJob: triggerEventJob,
    };
    replay = (ms) =>
      runTriggerSchedule(engine, clock, new Date(clock.now().getTime() + ms), {
        afterPass: async () => {
          await queue.drain();
          await runSchedule({ db, queue, kinds: jobKinds }, clock, clock.now());
          await queue.drain();
        },
      });
  });
  afterAll(async () => {
    setRunbookDependencies(null);
    setIncidentDependencies(null);
    await queue?.stop();
    await browser?.close();
    await Promise.all([venture?.stop(), pagerDuty?.close(), slack?.close()]);
    await server?.close();
    process.env = saved;
  });

  async function openLaunch(role: 'lead' | 'viewer'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, role);
    await page.goto(`${server.url}/app/launches/${launchId}`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    return page;
  }

  let lead: Page;

  it('shows the incident LAUNCH-001 fired by injected errors, live', async () => {
    lead = await openLaunch('lead');
    await replay(2 * MIN);
    expect(await lead.locator('article.incident').count()).toBe(0);

    const faults = await fetch(`${venture.url}/admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ version: 'v2', error_rate: 0.5 }),
    });
    expect(faults.status).toBe(200);
    await replay(7 * MIN);

    const incident = lead.locator('article.incident');
    await incident.first().waitFor();
    expect(await incident.count()).toBe(1);
    expect(await incident.locator('h3').textContent()).toMatch(/^P0 LAUNCH-001: /);
    await incident
      .locator('.approval[data-action="rollback"] [data-approval-state="pending"]')
      .waitFor();
    await lead.locator('.triggers .trigger-firing').first().waitFor();
  });

  it('shows a viewer no approve button and refuses a forged approval (403)', async () => {
    const viewer = await openLaunch('viewer');
    const approval = viewer.locator('.approval[data-action="rollback"]');
    await approval.waitFor();
    expect(await viewer.getByRole('button', { name: /approve/i }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    expect(await approval.textContent()).toContain(
      'Only a lead or the on-call DevOps engineer can decide.',
    );

    const approvalId = await approval.getAttribute('data-approval-id');
    // The viewer's own token, sent by hand: the server decides, not the missing button.
    const forged = await postFromPage(viewer, `/v1/approvals/${approvalId}/approve`, {
      reason: 'forged',
    });
    expect(forged).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const approvals = await listApprovals(server.api.t.db, { launchId });
    expect(approvals.find((a) => a.id === approvalId)?.state).toBe('pending');
    await viewer.close();
  });

  it('lets a lead approve the rollback on the page and follow it until resolved', async () => {
    const card = lead.locator('.approval[data-action="rollback"]');
    await card.getByRole('button', { name: 'Reject' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('A reason is required to reject.');

    await card.getByRole('button', { name: 'Approve rollback' }).click();
    await card.locator('[data-approval-state="approved"]').waitFor();
    const [approved] = await listApprovals(server.api.t.db, { launchId, state: 'approved' });
    const runId = String(approved?.result?.runId);
    expect(approved).toMatchObject({ state: 'approved', decided_by: 'token:lead-user' });
    const run = await waitForRunEnd(server.api.t.db, runId, 40_000);
    expect(run.state).toBe('succeeded');
    await card.locator('[data-run-state="succeeded"]').waitFor();
    expect(await card.locator('.runbook li').allTextContents()).toEqual(
      expect.arrayContaining(['revert-traffic: succeeded', 'verify: succeeded']),
    );
    await queue.drain();
    await lead.locator('.incident-state [data-state="monitoring"]').waitFor();

    await replay(65 * MIN);
    await lead.locator('.incident-state [data-state="resolved"]').waitFor();
    await lead.screenshot({
      path: join(import.meta.dirname, '../../docs/screenshots/launch-incident.png'),
      fullPage: true,
    });
  }, 90_000);
});
