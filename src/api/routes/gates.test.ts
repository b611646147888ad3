import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../../launch/gates/gate-model.ts';
import type { ReadinessChecklist } from '../../launch/preparation/readiness-checklist.ts';
import { samplePlanYaml, startTestApi, type TestApi } from '../test-harness.ts';

// Hosts under .invalid never resolve (RFC 6761): the gates' probes fail at DNS, nothing leaves the machine.
const planYaml = samplePlanYaml.replaceAll('notes.example.com', 'notes.invalid');

describe('preparation API', () => {
  let api: TestApi;
  let launchId: string;

  beforeAll(async () => {
    api = await startTestApi();
    launchId = await api.createLaunch(planYaml);
  });
  afterAll(() => api.close());

  it('answers no report before the first evaluation, then the evaluated one', async () => {
    const before = await api.call<{ report: GateReport | null }>(
      'GET',
      `/v1/launches/${launchId}/gates`,
      { as: 'viewer' },
    );
    expect(before).toMatchObject({ status: 200, body: { report: null } });

    const evaluated = await api.call<{ report: GateReport }>(
      'POST',
      `/v1/launches/${launchId}/gates/evaluate`,
      { as: 'marketing' },
    );
    expect(evaluated.status).toBe(200);
    const { report } = evaluated.body;
    expect(report.actor).toBe('token:marketing-user');
    expect(report.gates.map((g) => g.name)).toEqual([
      'production_stable',
      'marketing_ready',
      'support_trained',
    ]);
    const url = report.gates[0]?.evidence.find((e) => e.check === 'production_url');
    expect(url).toMatchObject({ status: 'fail', detail: expect.stringContaining('notes.invalid') });
    expect(report.blocking).toBe(true);

    const after = await api.call<{ report: GateReport }>('GET', `/v1/launches/${launchId}/gates`, {
      as: 'support',
    });
    expect(after.body.report).toEqual(report);
  });

  it('checks roles: viewers cannot evaluate, unknown launches are 404', async () => {
    const denied = await api.call('POST', `/v1/launches/${launchId}/gates/evaluate`, {
      as: 'viewer',
    });
    expect(denied.status).toBe(403);
    const missing = await api.call(
      'GET',
      '/v1/launches/00000000-0000-4000-8000-000000000000/gates',
      { as: 'lead' },
    );
    expect(missing.status).toBe(404);
  });

  it('serves the timeline as Markdown and as an iCalendar file, and the playbook', async () => {
    const markdown = await api.call<string>('GET', `/v1/launches/${launchId}/timeline`, {
      as: 'viewer',
    });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.text).toContain('| T0 | Deploy (blue_green) | devops_lead |');
    const ics = await api.call<string>('GET', `/v1/launches/${launchId}/timeline?format=ics`, {
      as: 'viewer',
    });
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(ics.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.text).toContain(`UID:${launchId}-1@launchcrew`);
    const playbook = await api.call<string>('GET', `/v1/launches/${launchId}/playbook`, {
      as: 'support',
    });
    expect(playbook.text).toContain('## Rollback steps\n\n1. **revert**: manual (timeout 5m)');
  });

  it('signs off by role: each API role its own lead role, the LEAD any', async () => {
    const sign = (
      role: string,
      as: 'lead' | 'devops_oncall' | 'marketing' | 'support' | 'viewer',
      json?: unknown,
    ) =>
      api.call<{ checklist: ReadinessChecklist }>(
        'POST',
        `/v1/launches/${launchId}/checklist/${role}/sign`,
        {
          as,
          ...(json ? { json } : {}),
        },
      );
    expect((await sign('launch_coordinator', 'devops_oncall')).status).toBe(403);
    expect((await sign('marketing_lead', 'support')).status).toBe(403);
    expect((await sign('support_lead', 'viewer')).status).toBe(403);
    expect((await sign('cto', 'lead')).status).toBe(422);

    const devops = await sign('devops_lead', 'devops_oncall', { note: 'drill done' });
    expect(devops.status).toBe(200);
    expect(devops.body.checklist.items.find((i) => i.role === 'devops_lead')).toMatchObject({
      signed: true,
      signedBy: 'token:devops_oncall-user',
      note: 'drill done',
    });
    expect((await sign('devops_lead', 'lead')).status).toBe(409);
    expect((await sign('launch_coordinator', 'lead', { person_id: 'ana' })).status).toBe(422);
    expect((await sign('launch_coordinator', 'lead')).status).toBe(200);
    expect((await sign('marketing_lead', 'marketing')).status).toBe(200);
    expect((await sign('support_lead', 'support')).status).toBe(200);

    const checklist = await api.call<{ checklist: ReadinessChecklist }>(
      'GET',
      `/v1/launches/${launchId}/checklist`,
      { as: 'viewer' },
    );
    expect(checklist.body.checklist.complete).toBe(true);
  });
});
