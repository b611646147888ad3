import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApprovals } from '../approvals/approval-service.ts';
import { listAudit } from '../audit/audit-log.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { listIncidents } from './incident-service.ts';
import { type IncidentHarness, startIncidentHarness } from './testing/incident-harness.ts';

const minute = 60_000;
type Draft = { markdown: string; html: string; postmortem: string };

describe('the post-mortem draft', () => {
  let h: IncidentHarness;
  beforeAll(async () => {
    h = await startIncidentHarness();
  });
  afterAll(() => h.close());

  it('shows the timeline, impact window, metrics, actions, comms and follow-ups; drafting is recorded', async () => {
    const launchId = await h.createLaunch();
    const detectedAt = h.api.clock.now();
    const evaluations = [
      [-10, 99.9, 'ok'],
      [0, 82.5, 'breach'],
      [5, 61, 'breach'],
      [25, 99.5, 'ok'],
    ] as const;
    await withTriggerTables(h.api.t.db)
      .insertInto('trigger_evaluations')
      .values(
        evaluations.map(([offset, value, result]) => ({
          launch_id: launchId,
          rule_id: 'LAUNCH-001.rollback_uptime',
          at: new Date(detectedAt.getTime() + offset * minute),
          value,
          result,
          state: result === 'breach' ? ('firing' as const) : ('inactive' as const),
          reason: `uptime ${value} %`,
        })),
      )
      .execute();
    const firing = await h.fire(launchId);
    const [incident] = await listIncidents(h.api.t.db, launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    h.api.clock.advance(2 * minute);
    await h.api.call('POST', `/v1/incidents/${incident?.id}/acknowledge`, { as: 'devops_oncall' });
    h.api.clock.advance(3 * minute);
    await h.api.call('POST', `/v1/approvals/${rollback?.id}/approve`, {
      as: 'lead',
      json: { reason: 'v2 is failing' },
    });
    await h.runFor(0);
    h.api.clock.advance(40 * minute);
    await h.fire(launchId, {
      ...firing,
      id: `${firing.id}:resolved`,
      state: 'resolved',
      reason: 'uptime back',
    });
    await h.runFor(0);

    const path = `/v1/incidents/${incident?.id}/postmortem`;
    const read = await h.api.call<Draft>('GET', path, { as: 'viewer' });
    expect(read.status).toBe(200);
    expect(read.body.postmortem).toBe('pending');
    const md = read.body.markdown;
    expect(md).toContain(
      '# Post-mortem (draft): P0 LAUNCH-001 launch issues: uptime 82.5 % < 90 % for 5m0s',
    );
    expect(md).toContain(`| Detected | ${detectedAt.toISOString()} |`);
    expect(md).toContain(
      `| Acknowledged | ${new Date(detectedAt.getTime() + 2 * minute).toISOString()} |`,
    );
    expect(md).toContain(
      `| Mitigated | ${new Date(detectedAt.getTime() + 5 * minute).toISOString()} |`,
    );
    expect(md).toContain('| Monitoring | — |');
    expect(md).toContain(
      `| Resolved | ${new Date(detectedAt.getTime() + 45 * minute).toISOString()} |`,
    );
    expect(md).toContain('(45 min)');
    expect(md).toContain('| LAUNCH-001.rollback_uptime | 4 | 99.9 | 61 | 99.5 | 2 |');
    expect(md).toContain(
      'token:lead-user: approval.approved — action: rollback — via: api — reason: v2 is failing',
    );
    expect(md).toContain('system:launchcrew: incident.resolved');
    expect(md).toMatch(/\| pagerduty \| incident:[^|]+:resolve:launchcrew:[^|]+ \| sent \|/);
    expect(md).toContain('- [ ] Root cause');
    expect(md).toContain(
      '- [ ] Review the undecided marketing pause (incident resolved: LAUNCH-001 cleared).',
    );
    expect(read.body.html).toContain('uptime 82.5 % &#60; 90 %');
    expect(read.body.html).not.toContain('82.5 % < 90');

    expect((await h.api.call('POST', path, { as: 'viewer' })).status).toBe(403);
    const drafted = await h.api.call<Draft>('POST', path, { as: 'lead' });
    expect(drafted.body).toMatchObject({ postmortem: 'drafted', markdown: md });
    const [entry] = await listAudit(h.api.t.db, {
      launchId,
      action: 'incident.postmortem_drafted',
    });
    expect(entry).toMatchObject({
      actor: 'token:lead-user',
      detail: { state: 'resolved', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });
});
