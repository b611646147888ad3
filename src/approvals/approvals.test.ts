import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/audit-log.ts';
import { getIncident, listIncidents } from '../incidents/incident-service.ts';
import { withIncidentTables } from '../incidents/incident-tables.ts';
import { recordRollbackOutcome } from '../incidents/rollback-outcome.ts';
import {
  type IncidentHarness,
  routingKey,
  startIncidentHarness,
} from '../incidents/testing/incident-harness.ts';
import { listApprovals } from './approval-service.ts';

const minute = 60_000;
type ApprovalBody = {
  approval: {
    state: string;
    decidedBy: string;
    decidedVia: string;
    reason: string;
    result: unknown;
  };
};

describe('rollback approvals through the API and on timeout', () => {
  let h: IncidentHarness;
  beforeAll(async () => {
    h = await startIncidentHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.rollbacks.length = 0;
    h.pauses.length = 0;
    h.pagerDuty.received.length = 0;
  });

  async function proposed(
    incidentsYaml?: string,
    event: Parameters<IncidentHarness['fire']>[1] = {},
  ) {
    const launchId = await h.createLaunch(incidentsYaml);
    await h.fire(launchId, event);
    const [rollback, pause] = await listApprovals(h.api.t.db, { launchId });
    if (!rollback || !pause) throw new Error('no proposals');
    return { launchId, rollback, pause };
  }

  it('the on-call approves: the rollback starts once, the incident is mitigating, all audited', async () => {
    const { launchId, rollback } = await proposed();
    const approved = await h.api.call<ApprovalBody>(
      'POST',
      `/v1/approvals/${rollback.id}/approve`,
      {
        as: 'devops_oncall',
        json: { reason: 'uptime 82 %, v2 at fault' },
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({
      state: 'approved',
      decidedBy: 'token:devops_oncall-user',
      decidedVia: 'api',
      reason: 'uptime 82 %, v2 at fault',
      result: { runId: 'run-1' },
    });
    expect(h.rollbacks).toEqual([
      {
        launchId,
        incidentId: rollback.incident_id,
        approvalId: rollback.id,
        actor: 'token:devops_oncall-user',
        reason: 'uptime 82 %, v2 at fault',
      },
    ]);
    expect((await getIncident(h.api.t.db, rollback.incident_id)).state).toBe('mitigating');
    const [entry] = await listAudit(h.api.t.db, { launchId, action: 'approval.approved' });
    expect(entry).toMatchObject({
      actor: 'token:devops_oncall-user',
      at: h.api.clock.now(),
      detail: {
        action: 'rollback',
        via: 'api',
        decided_at: h.api.clock.now().toISOString(),
        evidence: expect.objectContaining({ rule_id: 'LAUNCH-001.rollback_uptime', value: 82.5 }),
        result: { runId: 'run-1' },
      },
    });

    const again = await h.api.call('POST', `/v1/approvals/${rollback.id}/approve`, {
      as: 'lead',
      json: {},
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'already_decided' } });
    expect(h.rollbacks).toHaveLength(1);

    await h.runFor(0);
    const incident = await getIncident(h.api.t.db, rollback.incident_id);
    // two independent jobs: compare in path order
    const sent = h.pagerDuty.received.map((r) => [r.path, JSON.parse(r.body)]);
    expect(sent.sort((a, b) => String(b[0]).localeCompare(String(a[0])))).toEqual([
      [
        '/v2/enqueue',
        {
          routing_key: routingKey,
          event_action: 'acknowledge',
          dedup_key: incident.pagerduty_dedup_keys[0],
        },
      ],
      [
        '/v2/change/enqueue',
        {
          routing_key: routingKey,
          payload: {
            summary: 'Rollback started (approved by token:devops_oncall-user via api)',
            source: 'notes.example.com',
            timestamp: h.api.clock.now().toISOString(),
            custom_details: {
              launch_id: launchId,
              incident_id: rollback.incident_id,
              approval_id: rollback.id,
              approved_by: 'token:devops_oncall-user',
              via: 'api',
              reason: 'uptime 82 %, v2 at fault',
            },
          },
          links: [{ href: 'https://notes.example.com', text: 'Production' }],
        },
      ],
    ]);
  });

  it('a rejection needs a reason and starts nothing; viewer and marketing may not decide', async () => {
    const { launchId, rollback, pause } = await proposed();
    for (const role of ['viewer', 'marketing', 'support'] as const) {
      const denied = await h.api.call('POST', `/v1/approvals/${rollback.id}/approve`, {
        as: role,
        json: {},
      });
      expect(denied.status).toBe(403);
    }
    expect(
      (await h.api.call('POST', `/v1/approvals/${rollback.id}/reject`, { as: 'lead', json: {} }))
        .status,
    ).toBe(400);
    const rejected = await h.api.call<ApprovalBody>('POST', `/v1/approvals/${rollback.id}/reject`, {
      as: 'lead',
      json: { reason: 'errors come from a partner outage' },
    });
    expect(rejected.body.approval).toMatchObject({
      state: 'rejected',
      decidedBy: 'token:lead-user',
      reason: 'errors come from a partner outage',
    });
    expect(h.rollbacks).toEqual([]);
    const paused = await h.api.call<ApprovalBody>('POST', `/v1/approvals/${pause.id}/approve`, {
      as: 'lead',
      json: {},
    });
    expect(paused.body.approval).toMatchObject({ state: 'approved', result: { paused: true } });
    expect(h.pauses).toHaveLength(1);
    expect(
      (await listAudit(h.api.t.db, { launchId, action: 'approval.rejected' }))[0]?.detail,
    ).toMatchObject({
      reason: 'errors come from a partner outage',
      evidence: expect.objectContaining({ value: 82.5 }),
    });
    expect(
      (await h.api.call('POST', '/v1/approvals/not-an-id/approve', { as: 'lead', json: {} }))
        .status,
    ).toBe(404);
  });

  it('a plan that lets only the LEAD approve refuses the on-call', async () => {
    const launchId = await h.createLaunch();
    await h.api.t.db
      .updateTable('launches')
      .set({
        plan: JSON.stringify({
          ...(await planOf(launchId)),
          runbooks: { rollback: { approvers: 'lead', steps: [] } },
        }),
      })
      .where('id', '=', launchId)
      .execute();
    await h.fire(launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    const denied = await h.api.call('POST', `/v1/approvals/${rollback?.id}/approve`, {
      as: 'devops_oncall',
      json: {},
    });
    expect(denied.status).toBe(403);
    expect(
      (await h.api.call('POST', `/v1/approvals/${rollback?.id}/approve`, { as: 'lead', json: {} }))
        .status,
    ).toBe(200);
  });

  it('P1 timeout escalates to the LEAD and keeps the proposal open', async () => {
    const { launchId, rollback } = await proposed(undefined, {
      ruleId: 'LAUNCH-001.rollback_error_rate',
      severity: 'P1',
      value: 25,
    });
    await h.runFor(14 * minute);
    expect((await listApprovals(h.api.t.db, { launchId })).map((a) => a.state)).toEqual([
      'pending',
      'pending',
    ]);
    await h.runFor(2 * minute);
    const escalations = await withIncidentTables(h.api.t.db)
      .selectFrom('incident_escalations')
      .selectAll()
      .where('launch_id', '=', launchId)
      .where('reason', '=', 'approval_timeout')
      .execute();
    expect(escalations.map((e) => e.detail.approval_id).sort()).toEqual(
      (await listApprovals(h.api.t.db, { launchId })).map((a) => a.id).sort(),
    );
    expect((await listApprovals(h.api.t.db, { launchId })).map((a) => a.state)).toEqual([
      'pending',
      'pending',
    ]);
    expect(h.rollbacks).toEqual([]);
    expect(
      (await h.api.call('POST', `/v1/approvals/${rollback.id}/approve`, { as: 'lead', json: {} }))
        .status,
    ).toBe(200);
  });

  it('P0 timeout executes when the plan says so, as the system, audited', async () => {
    const { launchId, rollback } = await proposed(
      'incidents:\n  p0_decision_minutes: 3\n  p0_on_timeout: execute\n',
    );
    await h.runFor(3 * minute);
    const [after] = await listApprovals(h.api.t.db, { launchId });
    expect(after).toMatchObject({
      id: rollback.id,
      state: 'approved',
      decided_by: 'system:approval-timeout',
      decided_via: 'timeout',
      reason: 'no decision within 3 min (default action: execute)',
    });
    expect(h.rollbacks.map((r) => r.approvalId)).toEqual([rollback.id]);
    expect(h.pauses).toHaveLength(1);
    const [incident] = await listIncidents(h.api.t.db, launchId);
    expect(incident?.state).toBe('mitigating');
  });

  it('a finished rollback moves the incident to monitoring and marks PagerDuty with a change event', async () => {
    const { launchId, rollback } = await proposed();
    await h.api.call('POST', `/v1/approvals/${rollback.id}/approve`, { as: 'lead', json: {} });
    await h.runFor(0);
    h.pagerDuty.received.length = 0;
    const incident = await recordRollbackOutcome(h.api.t.db, h.api.clock, {
      incidentId: rollback.incident_id,
      runId: 'run-7',
      state: 'succeeded',
      detail: 'traffic on v1, verify passed',
    });
    expect(incident.state).toBe('monitoring');
    await h.runFor(0);
    expect(h.pagerDuty.received.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      [
        '/v2/change/enqueue',
        {
          routing_key: routingKey,
          payload: {
            summary: 'Rollback succeeded (run run-7): traffic on v1, verify passed',
            source: 'notes.example.com',
            timestamp: h.api.clock.now().toISOString(),
            custom_details: {
              launch_id: launchId,
              incident_id: rollback.incident_id,
              run_id: 'run-7',
              state: 'succeeded',
            },
          },
          links: [{ href: 'https://notes.example.com', text: 'Production' }],
        },
      ],
    ]);
    expect(h.updates.at(-1)).toMatchObject({
      incidentId: rollback.incident_id,
      status: 'monitoring',
    });
  });

  async function planOf(launchId: string): Promise<Record<string, unknown>> {
    const row = await h.api.t.db
      .selectFrom('launches')
      .select('plan')
      .where('id', '=', launchId)
      .executeTakeFirstOrThrow();
    return row.plan as Record<string, unknown>;
  }
});
