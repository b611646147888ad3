import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePlanYaml, startTestApi, type TestApi } from '../api/test-harness.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { insertSamples } from '../metrics/samples/sample-store.ts';
import { type ChartPoint, downsampleMinMax } from './metric-series.ts';

const planWithGtm = samplePlanYaml.replace(
  '  market_country: DE\n',
  '  market_country: DE\ngtm: { target_segment: Developers, users_month1: 3000 }\n',
);

describe('dashboard read endpoints', () => {
  let api: TestApi;
  let launchId: string;
  const t0 = new Date('2026-02-03T09:00:00Z'); // 10:00 in Berlin

  beforeAll(async () => {
    api = await startTestApi();
    launchId = await api.createLaunch(planWithGtm);
    await api.createLaunch(samplePlanYaml.replace(/acme-notes/g, 'zeta-mail'));
    api.clock.set(new Date(t0.getTime() + 2.5 * 86_400_000)); // day 3
    const now = api.clock.now();
    // error_rate every minute of the last 72 h: 1 %, one spike of 9 % and one dip to 0.1 %
    const samples = Array.from({ length: 72 * 60 }, (_, i) => ({
      name: 'error_rate',
      labels: {},
      ts: new Date(now.getTime() - (72 * 60 - i) * 60_000 + 1000),
      value: i === 1234 ? 9 : i === 3000 ? 0.1 : 1 + (i % 7) / 100,
    }));
    await insertSamples(api.t.db, launchId, samples);
    await insertSamples(api.t.db, launchId, [
      { name: 'cost_per_acquisition', labels: { channel: 'google' }, ts: now, value: 12.5 },
    ]);
    await sql`
      INSERT INTO gate_reports (launch_id, evaluated_at, actor, score, blocking, report)
      VALUES (${launchId}::uuid, ${now.toISOString()}::timestamptz, 'test', 87.5, false, '{}')
    `.execute(api.t.db);
    await sql`
      INSERT INTO incidents (launch_id, trigger_id, rule_id, state, severity, severity_reason,
        classification, title, opened_at, updated_at)
      VALUES (${launchId}::uuid, 'LAUNCH-003', 'LAUNCH-003.error_rate', 'triggered', 'P1', 't',
        '{}', 'Errors', now(), now()),
        (${launchId}::uuid, 'LAUNCH-004', 'LAUNCH-004.x', 'resolved', 'P2', 't', '{}', 'Old', now(), now())
    `.execute(api.t.db);
  });
  afterAll(() => api.close());

  it('lists the portfolio with phase, day N of M, readiness and health; filters and sorts', async () => {
    const { status, body } = await api.call<{ lastEventId: number; launches: object[] }>(
      'GET',
      '/v1/portfolio',
      { as: 'viewer' },
    );
    expect(status).toBe(200);
    expect(body.lastEventId).toBeGreaterThan(0);
    expect(body.launches).toHaveLength(2);
    expect(body.launches.find((l) => (l as { id: string }).id === launchId)).toEqual({
      id: launchId,
      ventureId: 'acme-notes',
      ventureName: 'Acme Notes',
      state: 'preparing',
      phase: 'post_launch',
      t0: t0.toISOString(),
      endedAt: null,
      day: 3,
      monitoringDays: 7,
      readiness: { score: 87.5, evaluatedAt: api.clock.now().toISOString() },
      health: {
        uptimePercent: null,
        errorRatePercent: expect.any(Number),
        newUsers: null,
        newUsersTarget: 250,
        openIncidents: { P0: 0, P1: 1, P2: 0, P3: 0 },
      },
    });
    const filtered = await api.call<{ launches: { ventureId: string }[] }>(
      'GET',
      '/v1/portfolio?q=ZETA&sort=venture',
      { as: 'viewer' },
    );
    expect(filtered.body.launches.map((l) => l.ventureId)).toEqual(['zeta-mail']);
    const sorted = await api.call<{ launches: { ventureId: string }[] }>(
      'GET',
      '/v1/portfolio?sort=-readiness&state=preparing',
      { as: 'viewer' },
    );
    expect(sorted.body.launches.map((l) => l.ventureId)).toEqual(['acme-notes', 'zeta-mail']);
    expect((await api.call('GET', '/v1/portfolio')).status).toBe(401);
  });

  it('summarises a launch for executives', async () => {
    const { status, body } = await api.call<Record<string, unknown>>(
      'GET',
      `/v1/launches/${launchId}/summary`,
      { as: 'viewer' },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      lastEventId: expect.any(Number),
      launch: { id: launchId, day: 3 },
      uptime: { value: null, target: 99.5 },
      acquisition: { newUsers: null, target: 250, byChannel: {} },
      engagement: { returningUsers48hPercent: null, reason: expect.any(String) },
      incidents: { P0: 0, P1: 1, P2: 1, P3: 0, open: 1 },
      marketing: { cpaByChannel: [{ channel: 'google', value: 12.5 }] },
      automation: { automationPercent: expect.any(Number) },
    });
    expect((body.uptime as { points: unknown[] }).points).toHaveLength(24);
    const triggers = body.triggers as { ruleId: string; state: string; conditions: object[] }[];
    expect(triggers.length).toBeGreaterThan(0);
    expect(triggers.every((t) => t.state === 'inactive' && t.conditions.length > 0)).toBe(true);
    expect((await api.call('GET', '/v1/launches/nope/summary', { as: 'viewer' })).status).toBe(404);
  });

  it('downsamples a series to at most N points, keeping the spike and the dip', async () => {
    const { status, body } = await api.call<{
      series: { points: ChartPoint[] }[];
      thresholds: { ruleId: string; operator: string; value: number }[];
      markers: unknown[];
    }>('GET', `/v1/launches/${launchId}/series?metric=error_rate&range=72h&points=50`, {
      as: 'viewer',
    });
    expect(status).toBe(200);
    const points = body.series[0]?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(50);
    expect(points.length).toBeGreaterThan(40);
    const values = points.map((p) => p.value);
    expect(Math.max(...values)).toBe(9);
    expect(Math.min(...values)).toBe(0.1);
    expect(points.map((p) => p.t)).toEqual([...points.map((p) => p.t)].sort());
    expect(body.thresholds.some((t) => t.operator === '>' && t.value > 0)).toBe(true);
    expect(body.markers).toEqual([]);
  });

  it('keeps every point when there are fewer than N, and the extremes of any input', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({
      t: new Date(i * 60_000).toISOString(),
      value: Math.sin(i / 10) + (i === 777 ? 5 : 0),
    }));
    expect(downsampleMinMax(points.slice(0, 10), 20)).toHaveLength(10);
    const kept = downsampleMinMax(points, 101);
    expect(kept.length).toBeLessThanOrEqual(101);
    expect(kept.some((p) => p.t === points[777]?.t)).toBe(true);
  });

  it('merges the timeline from the audit log, newest first, with its evidence', async () => {
    const entry = (action: string) =>
      recordAudit(api.t.db, api.clock, {
        actor: 'token:ana',
        action,
        subjectType: 'launch',
        subjectId: launchId,
        launchId,
        detail: { reason: `${action} evidence` },
      });
    await entry('gates.evaluate');
    api.clock.advance(60_000);
    await entry('token.create');
    await entry('launch.go');
    api.clock.advance(60_000);
    await entry('incident.open');
    const { status, body } = await api.call<{ items: Record<string, unknown>[] }>(
      'GET',
      `/v1/launches/${launchId}/timeline-events?limit=10`,
      { as: 'viewer' },
    );
    expect(status).toBe(200);
    expect(body.items.map((i) => [i.category, i.action])).toEqual([
      ['incident', 'incident.open'],
      ['go', 'launch.go'],
      ['gate', 'gates.evaluate'],
    ]);
    expect(body.items[0]).toMatchObject({
      actor: 'token:ana',
      title: 'incident open: incident.open evidence',
      detail: { reason: 'incident.open evidence' },
    });
  });
});
