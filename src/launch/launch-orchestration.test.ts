import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/audit-log.ts';
import type { AutomationReport } from '../automation/automation-ledger.ts';
import { renderAutomation } from '../cli/commands/launch-decisions.ts';
import { listScheduledWork } from '../jobs/due-work.ts';
import { runbookDb } from '../runbooks/runbook-store.ts';
import type { TriggerEvent } from '../triggers/trigger-event.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { launchSuccessHandler } from './launch-outcome.ts';
import { launchMilestoneJob } from './milestone-job.ts';
import {
  type OrchestrationHarness,
  startOrchestrationHarness,
} from './testing/orchestration-harness.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** T0 of the API test plan (Tuesday 10:00 Berlin); its preset freezes 96 h before. */
const t0 = new Date('2026-02-03T09:00:00Z');
const freeze = new Date(t0.getTime() - 96 * hour);
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

type LaunchBody = { launch: Record<string, string | null> };

describe('launch orchestration', () => {
  let h: OrchestrationHarness;
  beforeEach(async () => {
    h = await startOrchestrationHarness();
    await fetch(`${h.venture.url}/admin/traffic`, { method: 'POST', body: '{"version":"v1"}' });
  });
  afterEach(() => h.close());

  const go = (id: string, body: Record<string, unknown> = {}, as: 'lead' | 'marketing' = 'lead') =>
    h.api.call<LaunchBody>('POST', `/v1/launches/${id}/go`, {
      as,
      json: { decision: 'go', ...body },
    });
  const actions = async (id: string) =>
    (await listAudit(h.api.t.db, { launchId: id })).map((e) => e.action).reverse();
  const fireSuccess = (launchId: string) => {
    const now = h.api.clock.now().toISOString();
    const event: TriggerEvent = {
      id: `${launchId}:LAUNCH-004.success:${now}:firing`,
      launchId,
      ruleId: 'LAUNCH-004.success',
      triggerId: 'LAUNCH-004',
      state: 'firing',
      level: 'info',
      value: 1,
      reason: 'success criteria met',
      at: now,
      firedAt: now,
      fireCount: 1,
    };
    return launchSuccessHandler.handle(event, { db: h.api.t.db, clock: h.api.clock });
  };

  it('goes preparing → awaiting go → executing at T0 → monitoring when live → succeeded', async () => {
    const id = await h.createLaunch();
    expect((await h.launch(id)).state).toBe('preparing');

    await h.runUntil(id, at(freeze, 1000));
    expect((await h.launch(id)).state).toBe('awaiting_go_no_go');
    expect(h.gates.prepared).toEqual([id]);
    expect(h.slack.received).toHaveLength(1);
    expect(h.slack.received[0]?.body).toContain('Readiness 92 %');
    expect(h.slack.received[0]?.body).toContain(`launchcrew launch go ${id}`);

    expect((await go(id, {}, 'marketing')).status).toBe(403);
    h.api.clock.set(at(freeze, 30 * minute));
    const decided = await go(id);
    expect(decided.status).toBe(200);
    expect(decided.body.launch.goDecidedAt).toBe(at(freeze, 30 * minute).toISOString());
    expect((await go(id)).status).toBe(409);

    await h.runUntil(id, at(t0, 5 * minute));
    const live = await h.launch(id);
    expect(live.state).toBe('monitoring');
    expect(live.live_at?.getTime()).toBe(t0.getTime());
    expect((await h.venture.state()).traffic).toBe('v2');

    await fireSuccess(id);
    await h.runUntil(id, at(h.api.clock.now(), 1000));
    const ended = await h.launch(id);
    expect(ended.state).toBe('succeeded');
    expect(ended.end_reason).toBe('LAUNCH-004 fired and the exit gates passed');
    expect(h.gates.handoffs).toEqual([id]);
    expect(await actions(id)).toEqual(
      expect.arrayContaining([
        'launch.awaiting_go_no_go',
        'launch.go_requested',
        'launch.go',
        'launch.executing',
        'launch.live',
        'launch.succeeded',
      ]),
    );

    const report = await h.api.call<{
      tasks: { task: string; automatic: number; humanMinutes: number }[];
      automationPercent: number;
    }>('GET', `/v1/launches/${id}/automation`, { as: 'viewer' });
    expect(report.status).toBe(200);
    const byTask = Object.fromEntries(report.body.tasks.map((t) => [t.task, t]));
    expect(byTask.go_no_go).toMatchObject({ automatic: 0, humanMinutes: 31 });
    expect(byTask.deploy).toMatchObject({ automatic: 1, humanMinutes: 0 });
    // go/no-go: 31 of 60 min by hand; deploy: 0 of 120 → 1 − 31/180
    expect(report.body.automationPercent).toBe(82.8);
    expect(renderAutomation(report.body as AutomationReport)).toContain(
      'overall: 82.8 % automated (31 human min of a 180 min manual baseline)',
    );
  });

  it('refuses a go over blocking gates unless the LEAD gives an override reason', async () => {
    h.gates.entry = {
      blocking: true,
      readiness: { score: 55 },
      gates: [
        { name: 'production_stable', status: 'fail' },
        { name: 'marketing_ready', status: 'pass' },
      ],
    };
    const id = await h.createLaunch();
    const early = await go(id);
    expect(early.status).toBe(409);
    expect(early.text).toContain('entry gates have not run yet');

    await h.runUntil(id, at(freeze, 1000));
    expect(h.slack.received[0]?.body).toContain('entry gates BLOCK the go');
    const refused = await go(id);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('production_stable');
    expect((await h.launch(id)).go_decided_at).toBeNull();

    const overridden = await go(id, { override_reason: 'uptime dip was a probe outage' });
    expect(overridden.status).toBe(200);
    expect((await h.launch(id)).go_override_reason).toBe('uptime dip was a probe outage');
  });

  it('postpones: new timeline, go cleared, reports moved; milestones of the old T0 do nothing', async () => {
    const id = await h.createLaunch();
    await h.runUntil(id, at(freeze, 1000));
    expect((await go(id)).status).toBe(200);
    const newT0 = at(t0, 7 * day);

    const past = await h.api.call('POST', `/v1/launches/${id}/postpone`, {
      as: 'lead',
      json: { t0: at(freeze, -day).toISOString(), reason: 'gates' },
    });
    expect(past.status).toBe(400);
    const postponed = await h.api.call<LaunchBody & { warnings: string[] }>(
      'POST',
      `/v1/launches/${id}/postpone`,
      { as: 'lead', json: { t0: newT0.toISOString(), reason: 'support roster not ready' } },
    );
    expect(postponed.status).toBe(200);
    expect(postponed.body.launch).toMatchObject({
      state: 'preparing',
      t0: newT0.toISOString(),
      goDecidedAt: null,
      successDeadline: at(newT0, 14 * day).toISOString(),
    });

    const pending = (await listScheduledWork(h.api.t.db, id)).filter(
      (w) => !w.released_at && !w.cancelled_at,
    );
    const milestones = pending
      .filter((w) => w.job === 'launch.milestone')
      .map((w) => [(w.data as { milestone: string }).milestone, w.due_at.getTime()]);
    expect(milestones).toEqual([
      ['freeze_start', newT0.getTime() - 96 * hour],
      ['t0', newT0.getTime()],
      ['monitoring_end', newT0.getTime() + 7 * day],
      ['success_deadline', newT0.getTime() + 14 * day],
    ]);
    const firstReport = pending.find((w) => w.job === 'report.send');
    expect(firstReport?.due_at.getTime()).toBe(newT0.getTime() + hour);

    // A milestone job of the old T0 that was already released does nothing.
    await launchMilestoneJob.run(
      { launchId: id, milestone: 't0', t0: t0.toISOString() },
      { db: h.api.t.db, clock: h.api.clock, jobs: h.queue, jobId: 'stale', attempt: 0 },
    );
    await h.runUntil(id, at(t0, hour));
    expect((await h.launch(id)).state).toBe('preparing');
    expect(await actions(id)).not.toContain('launch.executing');

    await h.runUntil(id, at(newT0, -96 * hour + 1000));
    expect((await h.launch(id)).state).toBe('awaiting_go_no_go');
    expect(h.slack.received).toHaveLength(2);
    const report = await h.api.call<{ tasks: { task: string }[] }>(
      'GET',
      `/v1/launches/${id}/automation`,
      { as: 'support' },
    );
    expect(report.body.tasks.map((t) => t.task)).toEqual(['go_no_go', 'postponement']);
  });

  it('waits at T0 without a go, tells the LEAD once, and deploys at once after a late go', async () => {
    const id = await h.createLaunch();
    await h.runUntil(id, at(t0, 2 * hour));
    expect((await h.launch(id)).state).toBe('awaiting_go_no_go');
    expect(await actions(id)).toContain('launch.go_overdue');
    expect(h.slack.received).toHaveLength(2);
    expect(h.slack.received[1]?.body).toContain('T0 reached without a go decision');

    expect((await go(id)).status).toBe(200);
    await h.runUntil(id, at(h.api.clock.now(), minute));
    const live = await h.launch(id);
    expect(live.state).toBe('monitoring');
    expect(live.live_at?.getTime()).toBe(at(t0, 2 * hour).getTime());
    expect(h.slack.received).toHaveLength(2);
  });

  it('asks for the outcome at the success deadline; extend moves it, unsuccessful ends the launch', async () => {
    h.gates.exitPassed = false;
    const id = await h.createLaunch();
    await h.runUntil(id, at(freeze, 1000));
    expect((await go(id)).status).toBe(200);
    await h.runUntil(id, at(t0, minute));
    await fireSuccess(id);
    expect((await h.launch(id)).state).toBe('monitoring');
    expect(await actions(id)).toContain('launch.success_pending');

    await h.runUntil(id, at(t0, 14 * day + minute));
    expect(await actions(id)).toContain('launch.outcome_requested');
    expect((await h.launch(id)).state).toBe('monitoring');

    const outcome = (json: Record<string, unknown>, as: 'lead' | 'devops_oncall' = 'lead') =>
      h.api.call<LaunchBody>('POST', `/v1/launches/${id}/outcome`, { as, json });
    expect((await outcome({ decision: 'unsuccessful', reason: 'x' }, 'devops_oncall')).status).toBe(
      403,
    );
    expect((await outcome({ decision: 'extend', reason: 'slow B2B cycle' })).status).toBe(400);
    const until = at(t0, 21 * day);
    const extended = await outcome({
      decision: 'extend',
      until: until.toISOString(),
      reason: 'slow B2B cycle',
    });
    expect(extended.status).toBe(200);
    expect(extended.body.launch.successDeadline).toBe(until.toISOString());

    h.api.clock.set(at(t0, 15 * day));
    const ended = await outcome({ decision: 'unsuccessful', reason: 'no traction' });
    expect(ended.status).toBe(200);
    expect(ended.body.launch).toMatchObject({
      state: 'unsuccessful',
      endReason: 'unsuccessful: no traction',
    });
    const pending = (await listScheduledWork(h.api.t.db, id)).filter(
      (w) => !w.released_at && !w.cancelled_at,
    );
    expect(pending).toEqual([]);
    expect((await outcome({ decision: 'pivot', reason: 'again' })).status).toBe(409);

    const report = await h.api.call<{ tasks: { task: string; done: number }[] }>(
      'GET',
      `/v1/launches/${id}/automation`,
      { as: 'viewer' },
    );
    expect(report.body.tasks.find((t) => t.task === 'outcome_decision')?.done).toBe(2);
  });

  it('checks success again at the end of monitoring and then daily when the exit gates failed', async () => {
    h.gates.exitPassed = false;
    const id = await h.createLaunch();
    await h.runUntil(id, at(freeze, 1000));
    expect((await go(id)).status).toBe(200);
    await h.runUntil(id, at(t0, 3 * day));
    await fireSuccess(id);
    // What the trigger engine stores when LAUNCH-004 fires (it stays firing: terminal).
    await withTriggerTables(h.api.t.db)
      .insertInto('trigger_rule_states')
      .values({
        launch_id: id,
        rule_id: 'LAUNCH-004.success',
        state: 'firing',
        active_at: h.api.clock.now(),
        fired_at: h.api.clock.now(),
        keep_firing_since: null,
        clear_since: null,
        last_eval_at: h.api.clock.now(),
        next_eval_at: at(h.api.clock.now(), 30_000),
        consecutive_breaches: 1,
        cumulative_breaches: 1,
        consecutive_no_data: 0,
        fire_count: 1,
      })
      .execute();
    await h.runUntil(id, at(t0, 7 * day + minute));
    const pending = (
      await listAudit(h.api.t.db, { launchId: id, action: 'launch.success_pending' })
    )
      .map((e) => new Date(e.at).getTime())
      .reverse();
    expect(pending).toEqual([at(t0, 3 * day).getTime(), at(t0, 7 * day).getTime()]);
    expect((await h.launch(id)).state).toBe('monitoring');

    h.gates.exitPassed = true;
    await h.runUntil(id, at(t0, 8 * day + minute));
    const ended = await h.launch(id);
    expect(ended.state).toBe('succeeded');
    expect(ended.ended_at?.getTime()).toBe(at(t0, 8 * day).getTime());
  });

  it('deploys by hand inside the freeze window only for the LEAD with a reason, and once', async () => {
    const id = await h.createLaunch();
    expect((await go(id, { override_reason: 'gates run at the freeze' })).status).toBe(200);
    await h.runUntil(id, at(freeze, hour));
    expect((await h.launch(id)).state).toBe('preparing');
    expect(h.slack.received).toEqual([]);

    const deploy = (as: 'lead' | 'devops_oncall', json: Record<string, unknown>) =>
      h.api.call<LaunchBody>('POST', `/v1/launches/${id}/deploy`, { as, json });
    expect((await deploy('devops_oncall', { reason: 'ready early' })).status).toBe(403);
    expect((await deploy('lead', {})).status).toBe(400);
    expect((await deploy('lead', { reason: 'marketing wants a soft launch' })).status).toBe(200);
    await h.runUntil(id, at(freeze, hour + minute));
    expect((await h.launch(id)).state).toBe('monitoring');

    await h.runUntil(id, at(t0, minute));
    const runs = await runbookDb(h.api.t.db)
      .selectFrom('runbook_runs')
      .select('id')
      .where('launch_id', '=', id)
      .execute();
    expect(runs).toHaveLength(1);
  });
});
