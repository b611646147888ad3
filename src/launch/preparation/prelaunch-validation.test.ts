import { describe, expect, it } from 'vitest';
import { automationReport } from '../../automation/automation-ledger.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { listDeliveries } from '../../deliveries/delivery-ledger.ts';
import { metricsDb } from '../../metrics/samples/tables.ts';
import { evaluateEntryGates, latestGateReport } from '../gates/entry-gates.ts';
import type { GateReport } from '../gates/gate-model.ts';
import { createGateLaunch, gateTestBed, readyPlanData } from '../gates/testing/gate-fixtures.ts';
import { runPrelaunchValidation } from './prelaunch-validation.ts';
import { prepareLaunch } from './prepare-launch.ts';

const now = new Date('2026-06-05T08:00:00Z');

function validation(report: GateReport) {
  const gate = report.gates.find((g) => g.name === 'prelaunch_validation');
  if (!gate) throw new Error('no prelaunch_validation');
  return { gate, check: (name: string) => gate.evidence.find((e) => e.check === name) };
}

describe('pre-launch validation', () => {
  const clock = new SimulatedClock(now);
  const bed = gateTestBed(clock, {
    resolveHost: async (host) => {
      if (host === 'tiny.example') return ['127.0.0.1'];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    },
  });

  it('smoke-checks the flows, fires a test alert end to end, checks analytics and DNS', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-pre', { smtpPort: bed.smtp.port }),
    );
    await metricsDb(bed.t.db)
      .insertInto('metric_samples')
      .values({
        launch_id: launchId,
        name: 'signups',
        labels: '{}',
        labels_hash: 0,
        ts: new Date(now.getTime() - 3_600_000),
        value: 3,
      })
      .execute();
    bed.site.replies.push({ status: 200, body: 'maintenance page' });

    const report = await runPrelaunchValidation(bed.deps, launchId, { actor: 'token:lea' });

    const { gate, check } = validation(report);
    expect(gate.owner).toBe('launch_coordinator');
    // the two smoke checks run in parallel: one got the page without the keyword
    const smoke = [check('smoke:home'), check('smoke:health')];
    expect(smoke.map((e) => e?.status).sort()).toEqual(['fail', 'pass'].sort());
    expect(bed.site.received.map((r) => r.path).sort()).toEqual(['/', '/health']);
    expect(check('test_alert:team')).toMatchObject({
      status: 'pass',
      detail: 'test alert delivered through team (slack)',
    });
    // the test alert, then the LEAD warning (no entry gates evaluated yet: the score is low)
    const texts = bed.slack.received.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('PRELAUNCH-TEST');
    expect(texts[1]).toContain('Launch readiness');
    const deliveries = await listDeliveries(bed.t.db, launchId);
    expect(deliveries.map((d) => [d.key, d.state])).toEqual([
      [`${launchId}:PRELAUNCH-TEST:${report.id}:firing:slack:team`, 'sent'],
      [`gates:${report.id}:lead-warning:team`, 'sent'],
    ]);
    expect(check('analytics')).toMatchObject({
      status: 'pass',
      detail: '1 metric sample(s) and 0 tracked event(s) of tiny-pre in the last 24 h',
    });
    expect(check('dns:production')).toMatchObject({
      status: 'pass',
      detail: 'tiny.example → 127.0.0.1',
    });
    expect(check('dns:staging')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'staging.tiny.example does not resolve: getaddrinfo ENOTFOUND',
      ),
    });
    expect(gate.status).toBe('fail');
    expect(report.gates.map((g) => g.name)).toEqual(['prelaunch_validation']);
    const automation = await automationReport(bed.t.db, launchId);
    expect(automation.tasks.map((task) => task.task)).toEqual(['prelaunch_validation']);
  });

  it('keeps the latest entry gates and is kept by the next evaluation of them', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-keep', { smtpPort: bed.smtp.port }),
    );
    const gates = await evaluateEntryGates(bed.deps, launchId);
    const validated = await runPrelaunchValidation(bed.deps, launchId);
    expect(validated.gates.map((g) => g.name)).toEqual([
      'production_stable',
      'marketing_ready',
      'support_trained',
      'prelaunch_validation',
    ]);
    expect(validated.gates.slice(0, 3)).toEqual(gates.gates);
    expect(validation(validated).check('analytics')).toMatchObject({ status: 'warn' });
    const again = await evaluateEntryGates(bed.deps, launchId);
    expect(again.gates.at(-1)).toEqual(validation(validated).gate);
    expect((await latestGateReport(bed.t.db, launchId))?.id).toBe(again.id);
  });

  it('fails the test alert when no channel takes alerts', async () => {
    const plan = readyPlanData('tiny-noalerts', { smtpPort: bed.smtp.port });
    plan.connectors = plan.connectors.filter((c) => c.kind !== 'chat');
    const launchId = await createGateLaunch(bed.deps, plan);
    const report = await runPrelaunchValidation(bed.deps, launchId);
    expect(validation(report).check('test_alert')).toMatchObject({
      status: 'fail',
      detail: 'no chat or e-mail connector takes alerts: a test alert reaches nobody',
    });
  });

  it('prepareLaunch stores gates and validation as one report with both tasks', async () => {
    const launchId = await createGateLaunch(
      bed.deps,
      readyPlanData('tiny-prepare', { smtpPort: bed.smtp.port }),
    );
    const report = await prepareLaunch(bed.deps, launchId);
    expect(report.gates.map((g) => g.name)).toEqual([
      'production_stable',
      'marketing_ready',
      'support_trained',
      'prelaunch_validation',
    ]);
    expect(report.readiness.factors.map((f) => f.name)).toEqual([
      'production_stable',
      'marketing_ready',
      'support_trained',
      'prelaunch_validation',
      'team_signoffs',
    ]);
    expect(await latestGateReport(bed.t.db, launchId)).toEqual(report);
    const automation = await automationReport(bed.t.db, launchId);
    expect(automation.tasks.map((task) => task.task)).toEqual([
      'entry_gates',
      'prelaunch_validation',
    ]);
  });
});
