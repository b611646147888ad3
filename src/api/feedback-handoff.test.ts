import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../auth/roles.ts';
import { startTestApi, type TestApi } from './test-harness.ts';

describe('feedback, exit-gate and handoff routes', () => {
  let api: TestApi;
  let launchId: string;
  const ticket = (id: string) => ({
    kind: 'ticket',
    external_id: id,
    text: 'Login fails on Safari',
    priority: 'P1',
  });

  beforeAll(async () => {
    api = await startTestApi();
    launchId = await api.createLaunch();
  });
  afterAll(() => api.close());

  it('lets only lead and support record feedback', async () => {
    const answers: Record<string, number> = {};
    for (const role of ['lead', 'support', 'devops_oncall', 'marketing', 'viewer'] as Role[]) {
      const response = await api.call('POST', `/v1/launches/${launchId}/feedback`, {
        as: role,
        json: { items: [ticket(`zd-${role}`)] },
      });
      answers[role] = response.status;
    }
    expect(answers).toEqual({
      lead: 200,
      support: 200,
      devops_oncall: 403,
      marketing: 403,
      viewer: 403,
    });
    const anonymous = await api.call('POST', `/v1/launches/${launchId}/feedback`, {
      json: { items: [] },
    });
    expect(anonymous.status).toBe(401);
  });

  it('answers what a batch did, and 422 naming every bad item field with nothing stored', async () => {
    const path = `/v1/launches/${launchId}/feedback`;
    const ok = await api.call('POST', path, {
      as: 'support',
      json: { items: [ticket('zd-1'), ticket('zd-1'), ticket('zd-lead')] },
    });
    expect(ok.body).toEqual({ received: 3, stored: 1, duplicates: 2 });

    const bad = await api.call<{ error: { code: string; path: unknown[]; issues: unknown[] } }>(
      'POST',
      path,
      {
        as: 'support',
        json: {
          items: [
            ticket('zd-2'),
            { kind: 'survey', external_id: 's-1', nps_score: 11 },
            { kind: 'chat' },
          ],
        },
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_feedback');
    expect(bad.body.error.path).toEqual(['body', 'items', 1, 'nps_score']);
    expect(bad.body.error.issues.map((i) => (i as { path: unknown[] }).path)).toEqual([
      ['body', 'items', 1, 'nps_score'],
      ['body', 'items', 2, 'kind'],
      ['body', 'items', 2, 'external_id'],
    ]);
    const report = await api.call<{ report: { dataPoints: number } }>('GET', path, {
      as: 'viewer',
    });
    expect(report.body.report.dataPoints).toBe(3);

    const tooMany = await api.call('POST', path, {
      as: 'lead',
      json: { items: Array.from({ length: 1001 }, (_, i) => ticket(`x-${i}`)) },
    });
    expect(tooMany.status).toBe(400);
  });

  it('reports feedback, exit gates and the handoff preview to every role; 404 for an unknown launch', async () => {
    const report = await api.call<{ report: Record<string, unknown> }>(
      'GET',
      `/v1/launches/${launchId}/feedback`,
      { as: 'marketing' },
    );
    expect(report.status).toBe(200);
    expect(report.body.report).toMatchObject({
      dataPoints: 3,
      urgentTickets: [{ priority: 'P1' }, { priority: 'P1' }, { priority: 'P1' }],
    });

    const gates = await api.call<{
      exitGates: { passed: boolean; gates: Array<{ id: string; passed: boolean }> };
    }>('GET', `/v1/launches/${launchId}/exit-gates`, { as: 'viewer' });
    expect(gates.status).toBe(200);
    expect(gates.body.exitGates.passed).toBe(false);
    expect(gates.body.exitGates.gates.find((g) => g.id === 'feedback')).toMatchObject({
      passed: false,
    });

    const handoff = await api.call<{
      handoff: { stored: boolean; eventId: string | null; package: { launchId: string } };
    }>('GET', `/v1/launches/${launchId}/handoff`, { as: 'support' });
    expect(handoff.status).toBe(200);
    expect(handoff.body.handoff).toMatchObject({
      stored: false,
      eventId: null,
      package: { launchId },
    });
    const markdown = await api.call('GET', `/v1/launches/${launchId}/handoff?format=markdown`, {
      as: 'viewer',
    });
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.text).toMatch(/^# Acme Notes — Stage 32 handoff\n/);

    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const suffix of ['feedback', 'exit-gates', 'handoff']) {
      expect(
        (await api.call('GET', `/v1/launches/${unknown}/${suffix}`, { as: 'viewer' })).status,
      ).toBe(404);
    }
    expect((await api.call('GET', `/v1/launches/${launchId}/handoff`)).status).toBe(401);
  });
});
