import { describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../audit/audit-log.ts';
import { automationReport } from '../../automation/automation-ledger.ts';
import { type Clock, SimulatedClock } from '../../clock/clock.ts';
import { evaluateEntryGates, latestGateReport } from './entry-gates.ts';
import type { Gate, GateReport } from './gate-model.ts';
import {
  createGateLaunch,
  type GatePlanData,
  gateTestBed,
  readyPlanData,
  recordHourlyProbes,
} from './testing/gate-fixtures.ts';

const now = new Date('2026-06-05T08:00:00Z');
const DAY = 86_400_000;

function gate(report: GateReport, name: Gate['name']): Gate {
  const found = report.gates.find((g) => g.name === name);
  if (!found) throw new Error(`no gate ${name}`);
  return found;
}

function evidence(report: GateReport, name: Gate['name'], check: string) {
  return gate(report, name).evidence.find((e) => e.check === check);
}

describe('entry gates', () => {
  const clock = new SimulatedClock(now);
  const bed = gateTestBed(clock);
  /** Audits a completed rollback drill of the launch, as the drill runner does. */
  const recordDrill = (launchId: string, at: Clock, scenario: string, passed: boolean) =>
    recordAudit(bed.t.db, at, {
      actor: 'system:drill',
      action: 'drill.completed',
      subjectType: 'launch',
      subjectId: launchId,
      launchId,
      detail: { scenario, passed },
    });

  it('passes production and marketing with evidence when everything is ready', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-ready', { smtpPort: bed.smtp.port }),
    );
    await recordHourlyProbes(bed.t.db, launchId, now, 7 * 24 + 2);
    await recordDrill(launchId, clock, 'p0-outage', true);

    const report = await evaluateEntryGates(bed.deps, launchId, { actor: 'token:lea' });

    expect(gate(report, 'production_stable')).toMatchObject({
      owner: 'devops_lead',
      status: 'pass',
    });
    expect(evidence(report, 'production_stable', 'uptime_7d')?.detail).toMatch(
      /^100\.00 % over 7d 0h/,
    );
    expect(evidence(report, 'production_stable', 'production_url')?.status).toBe('pass');
    expect(evidence(report, 'production_stable', 'rollback_drill')?.detail).toContain(
      'p0-outage passed',
    );
    expect(gate(report, 'marketing_ready')).toMatchObject({
      owner: 'marketing_lead',
      status: 'pass',
    });
    expect(
      gate(report, 'marketing_ready')
        .evidence.map((e) => e.check)
        .sort(),
    ).toEqual([
      'audience:beta',
      'connection:mail',
      'seed_test:mail-beta',
      'template:mail-beta',
      'utm:mail-beta',
    ]);
    // the seed inbox (the marketing lead) really received the rendered test over SMTP
    const seed = bed.smtp.messages.find((m) => m.to.includes('mia@tiny.example'));
    expect(seed?.raw).toContain('Subject: [test] Tiny is live');
    // the same rendering as the send: the link as written, tagged by tagLinks
    expect(seed?.raw).toContain('Hi Mia, Tiny is live: https://tiny.example?utm_source=3Demail');
    expect(seed?.to).toEqual(['mia@tiny.example']);
    // ticketing cannot be tested without a ticketing connector: a warning, not a failure
    expect(gate(report, 'support_trained')).toMatchObject({
      owner: 'support_lead',
      status: 'warn',
    });
    expect(evidence(report, 'support_trained', 'ticketing')).toMatchObject({
      status: 'warn',
      detail: 'no ticketing connector configured (support.ticketing)',
    });
    expect(report.blocking).toBe(false);
    expect(report.readiness.score).toBeGreaterThanOrEqual(70);
    expect(report.leadWarning).toBeUndefined();
    expect(bed.slack.received).toHaveLength(0);

    expect(await latestGateReport(bed.t.db, launchId)).toEqual(report);
    const [audit] = await listAudit(bed.t.db, { launchId, action: 'gates.evaluate' });
    expect(audit).toMatchObject({
      actor: 'token:lea',
      detail: { reportId: report.id, blocking: false },
    });
    const automation = await automationReport(bed.t.db, launchId);
    expect(automation.tasks.find((task) => task.task === 'entry_gates')).toMatchObject({
      done: 1,
      automatic: 1,
    });
  });

  it('fails each gate with evidence naming the problem and warns the LEAD once', async () => {
    const plan: GatePlanData = readyPlanData('tiny-broken', { smtpPort: bed.smtp.port });
    plan.templates.push({
      id: 'post',
      channel: 'social',
      body: 'Now on {{ venture.nickname }}',
    } as never);
    plan.templates.push({
      id: 'chat',
      channel: 'chat',
      body: 'Live: https://tiny.example/pricing',
    } as never);
    plan.connectors.push({
      id: 'chat-hook',
      kind: 'chat',
      vendor: 'slack',
      config: { webhook_url_env: 'GATES_SLACK_URL', alerts: false },
    } as never);
    plan.activations.push(
      {
        id: 'social-post',
        channel: 'chat',
        at: 'T0',
        connector: 'chat-hook',
        template: 'post',
      } as never,
      {
        id: 'team-note',
        channel: 'chat',
        at: 'T+1h',
        connector: 'chat-hook',
        template: 'chat',
      } as never,
    );
    plan.audiences.push({ id: 'waitlist', kind: 'list', connector: 'mail', list_id: 'w' } as never);
    plan.activations.push({
      id: 'mail-waitlist',
      channel: 'email',
      at: 'T+1h',
      connector: 'mail',
      template: 'hello',
      audience: 'waitlist',
    } as never);
    plan.support.roster = [
      { person: 'sam', from: 'T0', to: 'T+12h' },
      { person: 'lea', from: 'T+14h', to: 'T+3d' },
    ];
    plan.support.canned_responses = [];
    const launchId = await createGateLaunch(bed.deps, plan);
    // one hour down in 7 days: 99.40 %
    await recordHourlyProbes(bed.t.db, launchId, now, 7 * 24 + 2, [5]);
    bed.site.replies.push({ status: 503, body: 'down' });
    const wrongPassword = { ...bed.deps, env: { ...bed.deps.env, GATES_SMTP_PASSWORD: 'wrong' } };

    const report = await evaluateEntryGates(wrongPassword, launchId);

    expect(evidence(report, 'production_stable', 'uptime_7d')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^99\.40 % over 7d 0h, below 99\.5 %$/),
    });
    expect(evidence(report, 'production_stable', 'production_url')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('HTTP 503, expected 200'),
    });
    expect(evidence(report, 'production_stable', 'rollback_drill')?.status).toBe('warn');
    // strict variables: the gate names the activation, its template and the unknown variable
    expect(evidence(report, 'marketing_ready', 'template:social-post')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /^activation social-post: template 'post' failed: undefined variable: venture\.nickname, line:1/,
      ),
    });
    // rendered as the send renders it: a bare link gets the default UTM codes
    expect(evidence(report, 'marketing_ready', 'utm:team-note')).toMatchObject({
      status: 'pass',
      detail:
        'activation team-note: 1 link(s) carry UTM codes (the defaults: the activation sets no utm)',
    });
    // (an empty audience of an e-mail activation is already a plan error)
    expect(evidence(report, 'marketing_ready', 'audience:waitlist')).toMatchObject({
      status: 'warn',
      detail: 'audience waitlist: list w has no expected_size, so it may be empty',
    });
    expect(evidence(report, 'marketing_ready', 'connection:mail')?.status).toBe('fail');
    expect(evidence(report, 'marketing_ready', 'seed_test:mail-beta')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('activation mail-beta: test via mail failed'),
    });
    expect(evidence(report, 'support_trained', 'roster_72h')).toMatchObject({
      status: 'fail',
      detail: 'not covered: T+12h – T+14h',
    });
    expect(evidence(report, 'support_trained', 'canned_responses')?.status).toBe('fail');
    expect(report.gates.map((g) => g.status)).toEqual(['fail', 'fail', 'fail']);
    expect(report.blocking).toBe(true);

    expect(report.readiness.score).toBeLessThan(70);
    expect(report.leadWarning).toMatchObject({ sent: ['team'], failed: [] });
    expect(bed.slack.received).toHaveLength(1);
    expect(bed.slack.received[0]?.path).toBe('/hook');
    const body = JSON.parse(bed.slack.received[0]?.body ?? '{}') as { text: string };
    expect(body.text).toContain(`Launch readiness ${report.readiness.score} % (< 70 %) — Tiny`);
    expect(body.text).toContain(
      'failing gates: production_stable, marketing_ready, support_trained',
    );
    expect((await latestGateReport(bed.t.db, launchId))?.leadWarning).toEqual(report.leadWarning);
    expect(await listAudit(bed.t.db, { launchId, action: 'gates.lead_warned' })).toHaveLength(1);
  });

  it('warns when the monitors have less than 7 days of data or none', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-young', { smtpPort: bed.smtp.port }),
    );
    const first = await evaluateEntryGates(bed.deps, launchId);
    expect(evidence(first, 'production_stable', 'uptime_7d')).toMatchObject({
      status: 'warn',
      detail: 'no probe results yet: the monitors have not run',
    });
    await recordHourlyProbes(bed.t.db, launchId, now, 48);
    const second = await evaluateEntryGates(bed.deps, launchId);
    expect(evidence(second, 'production_stable', 'uptime_7d')).toMatchObject({
      status: 'warn',
      detail: '100.00 % over 2d 0h: less than 7 days of data',
    });
    expect((await latestGateReport(bed.t.db, launchId))?.id).toBe(second.id);
  });

  it('ignores drills older than 30 days and notes a failed drill', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-drills', { smtpPort: bed.smtp.port }),
    );
    const old = new SimulatedClock(new Date(now.getTime() - 31 * DAY));
    await recordDrill(launchId, old, 'p0-outage', true);
    await recordDrill(launchId, clock, 'p1-errors', false);
    const report = await evaluateEntryGates(bed.deps, launchId);
    expect(evidence(report, 'production_stable', 'rollback_drill')).toMatchObject({
      status: 'warn',
      detail: `the last drill (p1-errors, ${now.toISOString()}) did not pass`,
    });
  });

  it('answers 404 for an unknown launch', async () => {
    await expect(
      evaluateEntryGates(bed.deps, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
