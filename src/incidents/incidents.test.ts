import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listApprovals } from '../approvals/approval-service.ts';
import { listAudit } from '../audit/audit-log.ts';
import { jsonReply } from '../connectors/testing/fake-vendor.ts';
import { getIncident, listIncidents } from './incident-service.ts';
import { withIncidentTables } from './incident-tables.ts';
import {
  type IncidentHarness,
  routingKey,
  startIncidentHarness,
} from './testing/incident-harness.ts';

const minute = 60_000;
const bodies = (h: IncidentHarness) =>
  h.pagerDuty.received.map((r) => ({
    path: r.path,
    body: JSON.parse(r.body) as Record<string, unknown>,
  }));
const escalationsOf = (h: IncidentHarness, launchId: string) =>
  withIncidentTables(h.api.t.db)
    .selectFrom('incident_escalations')
    .selectAll()
    .where('launch_id', '=', launchId)
    .execute();

describe('incidents from LAUNCH-001', () => {
  let h: IncidentHarness;
  beforeAll(async () => {
    h = await startIncidentHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.pagerDuty.received.length = 0;
    h.slack.received.length = 0;
    h.updates.length = 0;
  });

  it('an outage opens a P0 incident with rollback and marketing-pause proposals (once per event)', async () => {
    const launchId = await h.createLaunch();
    const event = await h.fire(launchId);
    const [incident] = await listIncidents(h.api.t.db, launchId);
    expect(incident).toMatchObject({
      state: 'triggered',
      severity: 'P0',
      severity_reason: 'outage (uptime below the rollback threshold)',
      fire_count: 1,
      pagerduty_dedup_keys: [`launchcrew:${launchId}:LAUNCH-001.rollback_uptime:${event.firedAt}`],
    });
    const approvals = await listApprovals(h.api.t.db, { launchId });
    expect(approvals.map((a) => [a.action, a.state, a.on_timeout])).toEqual([
      ['rollback', 'pending', 'escalate'],
      ['marketing_pause', 'pending', 'escalate'],
    ]);
    expect(approvals[0]?.deadline_at.getTime()).toBe(h.api.clock.now().getTime() + 5 * minute);
    expect(approvals[0]?.evidence).toMatchObject({
      rule_id: 'LAUNCH-001.rollback_uptime',
      value: 82.5,
      users_affected: 17.5,
    });
    expect(h.updates).toEqual([
      expect.objectContaining({ launchId, status: 'investigating', severity: 'P0' }),
    ]);

    // the same event again (a retried job) changes nothing
    await h.fire(launchId, { id: event.id });
    expect((await listIncidents(h.api.t.db, launchId))[0]?.fire_count).toBe(1);
  });

  it('an error-rate rollback rule is P1 with the P1 decision time; a plan tree can make it P2', async () => {
    const launchId = await h.createLaunch();
    await h.fire(launchId, {
      ruleId: 'LAUNCH-001.rollback_error_rate',
      severity: 'P1',
      value: 30,
      reason: 'error rate 30 %',
    });
    const [incident] = await listIncidents(h.api.t.db, launchId);
    expect(incident).toMatchObject({
      severity: 'P1',
      severity_reason: 'major launch issue (LAUNCH-001)',
    });
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    expect(rollback?.deadline_at.getTime()).toBe(h.api.clock.now().getTime() + 15 * minute);

    const minor = await h.createLaunch(`incidents:
  decision_tree:
    - { when: { rule: "LAUNCH-001.*", value_below: 10 }, severity: P2, why: small error rate }
`);
    await h.fire(minor, {
      ruleId: 'LAUNCH-001.incident_error_rate',
      severity: 'P1',
      value: 6,
      level: 'warning',
    });
    expect((await listIncidents(h.api.t.db, minor))[0]).toMatchObject({
      severity: 'P2',
      severity_reason: 'small error rate',
    });
    expect(await listApprovals(h.api.t.db, { launchId: minor })).toEqual([]);
  });

  it('reclassification is for the lead or on-call, audited, and a new P1 gets its proposal', async () => {
    const launchId = await h.createLaunch(`incidents:
  decision_tree:
    - { when: { data_loss: true }, severity: P0, why: data loss }
    - { when: { rule: "LAUNCH-001.*" }, severity: P2, why: launch issue }
`);
    await h.fire(launchId, {
      ruleId: 'LAUNCH-001.incident_p95_response',
      severity: 'P1',
      value: 3100,
      level: 'warning',
    });
    const [incident] = await listIncidents(h.api.t.db, launchId);
    expect(incident?.severity).toBe('P2');
    const path = `/v1/incidents/${incident?.id}/reclassify`;
    expect(
      (await h.api.call('POST', path, { as: 'viewer', json: { severity: 'P1', reason: 'x' } }))
        .status,
    ).toBe(403);
    expect(
      (await h.api.call('POST', path, { as: 'marketing', json: { severity: 'P1', reason: 'x' } }))
        .status,
    ).toBe(403);

    const byFacts = await h.api.call<{ incident: { severity: string; severityReason: string } }>(
      'POST',
      path,
      {
        as: 'devops_oncall',
        json: { data_loss: true, reason: 'orders table truncated' },
      },
    );
    expect(byFacts.status).toBe(200);
    expect(byFacts.body.incident).toMatchObject({ severity: 'P0', severityReason: 'data loss' });
    const manual = await h.api.call<{ incident: { severity: string } }>('POST', path, {
      as: 'lead',
      json: { severity: 'P1', reason: 'data restored from backup' },
    });
    expect(manual.body.incident.severity).toBe('P1');
    const audit = await listAudit(h.api.t.db, { launchId, action: 'incident.reclassify' });
    expect(audit.map((a) => [a.actor, a.detail])).toEqual([
      [
        'token:lead-user',
        {
          from: 'P0',
          to: 'P1',
          why: 'manual: data restored from backup',
          reason: 'data restored from backup',
        },
      ],
      [
        'token:devops_oncall-user',
        { from: 'P2', to: 'P0', why: 'data loss', reason: 'orders table truncated' },
      ],
    ]);
    expect((await listApprovals(h.api.t.db, { launchId })).map((a) => a.severity)).toEqual([
      'P0',
      'P0',
    ]);
  });

  it('acknowledging stops the escalation; an unacknowledged incident escalates to the LEAD', async () => {
    const acked = await h.createLaunch();
    const ignored = await h.createLaunch();
    await h.fire(acked);
    await h.fire(ignored);
    const [incident] = await listIncidents(h.api.t.db, acked);
    const ack = await h.api.call<{ incident: { state: string; acknowledgedBy: string } }>(
      'POST',
      `/v1/incidents/${incident?.id}/acknowledge`,
      { as: 'devops_oncall' },
    );
    expect(ack.body.incident).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'token:devops_oncall-user',
    });
    await h.runFor(16 * minute);

    expect(await escalationsOf(h, acked)).toEqual([
      expect.objectContaining({ reason: 'approval_timeout' }),
      expect.objectContaining({ reason: 'approval_timeout' }),
    ]);
    const escalated = await escalationsOf(h, ignored);
    expect(escalated.map((e) => e.reason).sort()).toEqual([
      'approval_timeout',
      'approval_timeout',
      'unacknowledged',
    ]);
    expect(h.slack.received.some((r) => r.body.includes('not acknowledged since'))).toBe(true);
    // PagerDuty: the acknowledged incident's alert is acknowledged with the router's dedup_key
    expect(bodies(h)).toContainEqual({
      path: '/v2/enqueue',
      body: {
        routing_key: routingKey,
        event_action: 'acknowledge',
        dedup_key: incident?.pagerduty_dedup_keys[0],
      },
    });
  });

  it('LAUNCH-001 firing a 4th time in a launch escalates to the LEAD, once', async () => {
    const launchId = await h.createLaunch();
    for (let n = 1; n <= 3; n += 1) {
      h.api.clock.advance(minute);
      await h.fire(launchId, { fireCount: n });
    }
    expect(await escalationsOf(h, launchId)).toEqual([]);
    h.api.clock.advance(minute);
    await h.fire(launchId, { fireCount: 4 });
    h.api.clock.advance(minute);
    await h.fire(launchId, { fireCount: 5 });
    const escalations = await escalationsOf(h, launchId);
    expect(escalations).toEqual([
      expect.objectContaining({
        reason: 'repeated_firing',
        to_role: 'lead',
        detail: expect.objectContaining({ firings: 4, limit: 3 }),
      }),
    ]);
    const [incident] = await listIncidents(h.api.t.db, launchId);
    expect(incident?.fire_count).toBe(5);
    expect(incident?.pagerduty_dedup_keys).toHaveLength(5);
    const audit = await listAudit(h.api.t.db, { launchId, action: 'incident.escalate' });
    expect(audit).toHaveLength(1);
    await h.runFor(0);
    expect(h.slack.received.map((r) => JSON.parse(r.body))).toContainEqual({
      text: expect.stringContaining('LAUNCH-001 fired 4 times in this launch (more than 3)'),
    });
  });

  it('resolving sends PagerDuty resolve for every firing, expires proposals, leaves the post-mortem pending', async () => {
    const launchId = await h.createLaunch();
    const first = await h.fire(launchId);
    h.api.clock.advance(minute);
    const second = await h.fire(launchId, {
      ruleId: 'LAUNCH-001.rollback_error_rate',
      severity: 'P1',
      value: 20,
      fireCount: 1,
    });
    const [incident] = await listIncidents(h.api.t.db, launchId);
    h.api.clock.advance(minute);
    await h.fire(launchId, {
      ...first,
      id: `${first.id}:resolved`,
      state: 'resolved',
      reason: 'uptime 99.9 % ≥ 95 % for 1h',
    });
    const resolved = await getIncident(h.api.t.db, incident?.id ?? '');
    expect(resolved).toMatchObject({ state: 'resolved', postmortem: 'pending' });
    expect((await listApprovals(h.api.t.db, { launchId })).map((a) => a.state)).toEqual([
      'expired',
      'expired',
    ]);
    expect(h.updates.at(-1)).toMatchObject({ status: 'resolved', severity: 'P0' });
    await h.runFor(0);
    expect(bodies(h).filter((b) => b.body.event_action === 'resolve')).toEqual(
      [first, second].map((e) => ({
        path: '/v2/enqueue',
        body: {
          routing_key: routingKey,
          event_action: 'resolve',
          dedup_key: `launchcrew:${launchId}:${e.ruleId}:${e.firedAt}`,
        },
      })),
    );
    const moved = await h.api.call('POST', `/v1/incidents/${incident?.id}/state`, {
      as: 'lead',
      json: { to: 'monitoring', reason: 'again' },
    });
    expect(moved.status).toBe(409);
  });

  it('PagerDuty 500 and 429 are retried; the acknowledge is delivered once', async () => {
    const launchId = await h.createLaunch();
    await h.fire(launchId);
    const [incident] = await listIncidents(h.api.t.db, launchId);
    h.pagerDuty.replies.push(
      jsonReply(500, {}),
      jsonReply(429, { status: 'throttle event' }, { 'retry-after': '0' }),
    );
    await h.api.call('POST', `/v1/incidents/${incident?.id}/acknowledge`, { as: 'lead' });
    await h.runFor(0);
    await h.runFor(0);
    const acknowledge = {
      routing_key: routingKey,
      event_action: 'acknowledge',
      dedup_key: incident?.pagerduty_dedup_keys[0],
    };
    expect(bodies(h)).toEqual([1, 2, 3].map(() => ({ path: '/v2/enqueue', body: acknowledge })));
    const deliveries = await h.api.t.db
      .selectFrom('deliveries')
      .select(['state', 'attempts'])
      .where('key', 'like', `incident:${incident?.id}:pagerduty:%`)
      .execute();
    expect(deliveries).toEqual([{ state: 'sent', attempts: 1 }]);
  });
});
