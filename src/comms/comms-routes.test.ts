import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../api/test-harness.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { monitorDb } from '../metrics/monitors/monitor-store.ts';
import { commsSendJob } from './comms-send-job.ts';
import { type IncidentUpdate, publishIncidentUpdate } from './incident-updates.ts';
import type { StatusPageView } from './status-page.ts';

interface BannerBody {
  active: boolean;
  level: string;
  message: string;
  updated_at: string | null;
  incident?: { id: string; status: string; severity: string };
}

describe('in-app banner and public status page', () => {
  let api: TestApi;
  let queue: JobQueue;
  let launchId: string;
  const venture = 'acme-notes';

  async function publish(update: Omit<IncidentUpdate, 'launchId'>) {
    api.clock.advance(60_000);
    await api.t.db
      .transaction()
      .execute((trx) =>
        publishIncidentUpdate(trx, { clock: api.clock, jobs: queue }, { launchId, ...update }),
      );
  }
  const banner = (headers: Record<string, string> = {}) =>
    api.call<BannerBody>('GET', `/v1/banner/${venture}`, { headers });
  const statusJson = () => api.call<StatusPageView>('GET', `/status/${venture}.json`);

  beforeAll(async () => {
    api = await startTestApi();
    // no workers: the comms.send jobs stay queued (their sends are tested in comms-send-job.test.ts)
    queue = await JobQueue.open({
      url: api.t.url,
      db: api.t.db,
      clock: api.clock,
      kinds: [commsSendJob],
      supervise: false,
    });
    launchId = await api.createLaunch();
  });
  afterAll(async () => {
    await queue.stop();
    await api.close();
  });

  it('serves an inactive banner with CORS, a ≤ 5 s cache and an ETag (304 when unchanged)', async () => {
    const first = await banner();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ active: false, level: 'info', message: '', updated_at: null });
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cache-control')).toBe('public, max-age=5');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await banner({ 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    expect((await api.call('GET', '/v1/banner/nobody')).status).toBe(404);
  });

  it('follows an incident from investigating to resolved on the banner and the status page', async () => {
    const before = await banner();
    await publish({
      incidentId: 'inc-1',
      status: 'investigating',
      severity: 'P0',
      title: 'Notes unavailable',
      message: 'Notes <b>cannot</b> be opened.',
    });
    const raised = await banner({ 'if-none-match': before.headers.get('etag') ?? '' });
    expect(raised.status).toBe(200);
    expect(raised.body).toEqual({
      active: true,
      level: 'critical',
      message: 'Notes <b>cannot</b> be opened.',
      updated_at: '2026-01-05T09:01:00.000Z',
      incident: { id: 'inc-1', status: 'investigating', severity: 'P0' },
    });

    let page = await statusJson();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache, max-age=0, must-revalidate');
    expect(page.body.status).toEqual({ indicator: 'critical', description: 'Major outage' });
    expect(page.body.components).toEqual([{ id: 'home', name: 'home', status: 'major_outage' }]);
    expect(page.body.incidents).toMatchObject([
      {
        id: 'inc-1',
        name: 'Notes unavailable',
        status: 'investigating',
        impact: 'critical',
        updates: [{ status: 'investigating', message: 'Notes <b>cannot</b> be opened.' }],
      },
    ]);
    const html = await api.call<string>('GET', `/status/${venture}`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('cache-control')).toBe('no-cache, max-age=0, must-revalidate');
    expect(html.body).toContain('<p class="banner critical" id="overall">Major outage</p>');
    expect(html.body).toContain('Notes &lt;b&gt;cannot&lt;/b&gt; be opened.');
    expect(html.body).not.toMatch(/<script|<link|src=|https?:\/\//);

    await publish({ incidentId: 'inc-1', status: 'identified', severity: 'P1' });
    await publish({ incidentId: 'inc-1', status: 'monitoring', severity: 'P1' });
    page = await statusJson();
    expect(page.body.components[0]?.status).toBe('partial_outage');
    expect(page.body.incidents[0]?.updates.map((u) => u.status)).toEqual([
      'monitoring',
      'identified',
      'investigating',
    ]);
    expect((await banner()).body).toMatchObject({
      active: true,
      level: 'critical',
      message: 'A fix is in place and we are monitoring the results.',
    });

    await publish({ incidentId: 'inc-1', status: 'resolved', severity: 'P1' });
    page = await statusJson();
    expect(page.body.status).toEqual({ indicator: 'none', description: 'All systems operational' });
    expect(page.body.components).toEqual([{ id: 'home', name: 'home', status: 'operational' }]);
    expect(page.body.incidents).toEqual([]);
    expect(page.body.history).toMatchObject([
      { id: 'inc-1', status: 'resolved', resolved_at: '2026-01-05T09:04:00.000Z' },
    ]);
    expect((await banner()).body).toEqual({
      active: false,
      level: 'info',
      message: '',
      updated_at: '2026-01-05T09:04:00.000Z',
    });
    const resolvedHtml = await api.call<string>('GET', `/status/${venture}`);
    expect(resolvedHtml.body).toContain('No incidents right now.');
    expect(resolvedHtml.body).toMatch(/class="incident past" id="incident-inc-1"/);
  });

  it('shows the holding message for a P2, keeps a worse incident on top, then falls back to it', async () => {
    await publish({ incidentId: 'inc-2', status: 'investigating', severity: 'P2' });
    expect((await banner()).body).toMatchObject({
      active: true,
      level: 'warning',
      message: 'We’re experiencing high traffic, please try again in a few minutes.',
    });
    await publish({ incidentId: 'inc-3', status: 'investigating', severity: 'P0' });
    await publish({ incidentId: 'inc-2', status: 'identified', severity: 'P2' });
    expect((await banner()).body).toMatchObject({
      level: 'critical',
      incident: { id: 'inc-3' },
    });
    expect((await statusJson()).body.components[0]?.status).toBe('major_outage');
    await publish({ incidentId: 'inc-3', status: 'resolved', severity: 'P0' });
    expect((await banner()).body).toMatchObject({
      active: true,
      level: 'warning',
      message: 'We’re experiencing high traffic, please try again in a few minutes.',
      incident: { id: 'inc-2', status: 'identified' },
    });
    await publish({ incidentId: 'inc-2', status: 'resolved', severity: 'P2' });
    expect((await banner()).body.active).toBe(false);
  });

  it('maps monitor status to components when no incident is open', async () => {
    await monitorDb(api.t.db)
      .insertInto('monitor_states')
      .values({
        launch_id: launchId,
        monitor_id: 'home',
        status: 'down',
        consecutive_failures: 3,
        since: api.clock.now(),
        last_probe_at: api.clock.now(),
        interval_ms: 60_000,
      })
      .execute();
    const page = await statusJson();
    expect(page.body.components).toEqual([{ id: 'home', name: 'home', status: 'major_outage' }]);
    expect(page.body.status.indicator).toBe('critical');
    expect(page.body.incidents).toEqual([]);
    expect((await api.call('GET', '/status/nobody.json')).status).toBe(404);
  });
});
