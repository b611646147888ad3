/**
 * The actions of the launch view in Chromium: a marketer signs off the marketing lead role of
 * the checklist (and no other), a viewer sees the sign-off live without any button; a marketer
 * pauses and resumes the activations with a reason, the rows follow live on every open page,
 * both changes are audited, and a viewer has no buttons and a hand-made pause is refused (403).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleActivations } from '../../src/activation/activation-schedule.ts';
import { activationPlanYaml } from '../../src/activation/testing/activation-fixtures.ts';
import type { Role } from '../../src/auth/roles.ts';
import {
  type DashboardServer,
  launchChromium,
  postFromPage,
  signIn,
  startDashboardServer,
} from './dashboard-harness.ts';

/** How long a live update may take to show before the test fails (it takes < 1 s). */
const waitUpTo = { timeout: 10_000 };

/** Channel and state of each activation row (its header is the activation id), in due order. */
async function activationRows(panel: Locator): Promise<string[]> {
  const rows = await panel
    .getByRole('row')
    .filter({ has: panel.page().getByRole('rowheader') })
    .all();
  return Promise.all(
    rows.map(async (row) => {
      const channel = await row.getByRole('cell').nth(0).textContent();
      const state = await row.getByRole('cell').nth(2).textContent();
      return `${channel}: ${state}`;
    }),
  );
}

describe('checklist sign-off and activation control on the launch view', () => {
  let server: DashboardServer;
  let browser: Browser;
  let launchId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
    // Vendors are never called: every activation is due at T0, a month after the clock.
    launchId = await server.api.createLaunch(
      activationPlanYaml({ sendgridUrl: 'http://127.0.0.1:9', metaUrl: 'http://127.0.0.1:9' }),
    );
    const { db } = server.api.t;
    await db.transaction().execute((trx) => scheduleActivations(trx, server.api.clock, launchId));
    server.api.clock.advance(17 * 60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openLaunch(role: Role): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, role);
    await page.goto(`${server.url}/app/launches/${launchId}`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.evaluate('window.notReloaded = true');
    return page;
  }

  const checklistOf = (page: Page) =>
    page.getByRole('region', { name: 'Gates and checklist', exact: true });
  const activationsOf = (page: Page) =>
    page.getByRole('region', { name: 'Activation', exact: true });

  it('lets marketing sign off the marketing lead role only, seen live by a viewer', async () => {
    const viewer = await openLaunch('viewer');
    const viewerChecklist = checklistOf(viewer);
    await viewerChecklist.getByText('Waiting for sign-offs.').waitFor();
    expect(await viewerChecklist.getByRole('button', { name: /sign off/i }).count()).toBe(0);
    expect(await viewerChecklist.getByText('Not signed').count()).toBe(4);

    const marketing = await openLaunch('marketing');
    const checklist = checklistOf(marketing);
    const signButtons = checklist.getByRole('button', { name: /sign off/i });
    await signButtons.first().waitFor();
    expect(await signButtons.allTextContents()).toEqual(['Sign off as marketing lead']);
    expect(await checklist.getByText('Not signed').count()).toBe(3);

    await checklist.getByRole('button', { name: 'Sign off as marketing lead' }).click();
    const signed = 'Signed by token:marketing-user 2026-01-05 09:17 UTC';
    await checklist.getByText(signed).waitFor(waitUpTo);
    expect(
      await checklist.getByRole('status').filter({ hasText: 'Signed off' }).textContent(),
    ).toBe('Signed off as marketing lead.');
    expect(await signButtons.count()).toBe(0);

    await viewerChecklist.getByText(signed).waitFor(waitUpTo);
    expect(await viewerChecklist.getByText('Not signed').count()).toBe(3);
    expect(await viewer.evaluate('window.notReloaded')).toBe(true);

    const answer = await server.api.call<{
      checklist: {
        items: Array<{
          role: string;
          signed: boolean;
          signedBy: string | null;
          signedAt: string | null;
        }>;
      };
    }>('GET', `/v1/launches/${launchId}/checklist`, { as: 'viewer' });
    expect(answer.body.checklist.items.filter((item) => item.signed)).toEqual([
      expect.objectContaining({
        role: 'marketing_lead',
        signedBy: 'token:marketing-user',
        signedAt: '2026-01-05T09:17:00.000Z',
      }),
    ]);
    await Promise.all([viewer.close(), marketing.close()]);
  });

  it('pauses and resumes the activations with a reason, live on every open page, audited', async () => {
    const scheduled = [
      'ads: scheduled',
      'in app banner: scheduled',
      'email: scheduled',
      'email: scheduled',
      'press: scheduled',
    ];
    // The manual press activation is a person's job: nothing to hold.
    const paused = [
      'ads: paused',
      'in app banner: paused',
      'email: paused',
      'email: paused',
      'press: scheduled',
    ];
    const viewer = await openLaunch('viewer');
    await expect.poll(() => activationRows(activationsOf(viewer)), waitUpTo).toEqual(scheduled);
    const marketing = await openLaunch('marketing');
    const panel = activationsOf(marketing);
    await expect.poll(() => activationRows(panel), waitUpTo).toEqual(scheduled);

    await panel.getByRole('button', { name: 'Pause activations' }).click();
    expect(await panel.getByRole('alert').textContent()).toBe('A reason is required to pause.');
    await panel.getByLabel('Reason').fill('press embargo moved');
    await panel.getByRole('button', { name: 'Pause activations' }).click();
    await expect.poll(() => activationRows(panel), waitUpTo).toEqual(paused);
    await expect.poll(() => activationRows(activationsOf(viewer)), waitUpTo).toEqual(paused);

    await panel.getByLabel('Reason').fill('embargo lifted');
    await panel.getByRole('button', { name: 'Resume activations' }).click();
    await expect.poll(() => activationRows(panel), waitUpTo).toEqual(scheduled);
    await expect.poll(() => activationRows(activationsOf(viewer)), waitUpTo).toEqual(scheduled);
    expect(await panel.getByRole('status').filter({ hasText: 'Activations' }).textContent()).toBe(
      'Activations resumed.',
    );
    expect(await marketing.evaluate('window.notReloaded')).toBe(true);
    expect(await viewer.evaluate('window.notReloaded')).toBe(true);

    const audit = await server.api.call<{
      entries: Array<{ action: string; actor: string; detail: { reason?: string } }>;
    }>('GET', `/v1/audit?launchId=${launchId}`, { as: 'viewer' });
    const changes = audit.body.entries
      .filter((entry) => entry.action.startsWith('activations.'))
      .map((entry) => [entry.action, entry.actor, entry.detail.reason]);
    expect(changes).toEqual([
      ['activations.resume', 'token:marketing-user', 'embargo lifted'],
      ['activations.pause', 'token:marketing-user', 'press embargo moved'],
    ]);
    await Promise.all([viewer.close(), marketing.close()]);
  });

  it('shows a viewer no pause or resume button and refuses a hand-made pause (403)', async () => {
    const viewer = await openLaunch('viewer');
    const panel = activationsOf(viewer);
    await expect.poll(() => activationRows(panel), waitUpTo).toHaveLength(5);
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await panel.getByLabel('Reason').count()).toBe(0);

    // The viewer's own token, sent by hand: the server decides, not the missing button.
    const forged = await postFromPage(viewer, `/v1/launches/${launchId}/activations/pause`, {
      reason: 'forged',
    });
    expect(forged).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const listed = await server.api.call<{ activations: Array<{ state: string }> }>(
      'GET',
      `/v1/launches/${launchId}/activations`,
      { as: 'viewer' },
    );
    expect(listed.body.activations.map((a) => a.state)).not.toContain('paused');
    await viewer.close();
  });
});
