import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { automationReport, recordTask } from './automation-ledger.ts';
import { automationTasks } from './automation-tasks.ts';

const now = new Date('2026-11-26T12:00:00Z');

describe('the automation ledger', () => {
  let t: TestDatabase;
  let launchId: string;
  const clock = new SimulatedClock(now);

  beforeAll(async () => {
    t = await createTestDatabase();
    const planYaml = renderPlan('b2b_saas_launch', { now, schemaRef: 'x.json' });
    launchId = (await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' })).launch.id;
  });
  afterAll(() => t.drop());

  it('counts each task once and weighs human minutes against the manual baseline', async () => {
    const base = { launchId, actor: 'system' };
    await recordTask(t.db, clock, { ...base, task: 'report', subject: 'r1', mode: 'automatic' });
    await recordTask(t.db, clock, { ...base, task: 'report', subject: 'r2', mode: 'automatic' });
    // a retried job records the same subject again: kept once
    await recordTask(t.db, clock, { ...base, task: 'report', subject: 'r2', mode: 'automatic' });
    await recordTask(t.db, clock, {
      ...base,
      task: 'go_no_go',
      subject: launchId,
      mode: 'human',
      humanMinutes: 45,
      actor: 'token:ana',
    });
    const report = await automationReport(t.db, launchId);
    const reports = report.tasks.find((task) => task.task === 'report');
    const go = report.tasks.find((task) => task.task === 'go_no_go');
    expect(reports).toMatchObject({
      done: 2,
      automatic: 2,
      humanMinutes: 0,
      automationPercent: 100,
    });
    expect(reports?.manualBaselineMinutes).toBe(2 * automationTasks.report.manualMinutes);
    expect(go).toMatchObject({ done: 1, automatic: 0, humanMinutes: 45 });
    expect(go?.automationPercent).toBe(
      Math.round(1000 * (1 - 45 / automationTasks.go_no_go.manualMinutes)) / 10,
    );
    const baseline =
      2 * automationTasks.report.manualMinutes + automationTasks.go_no_go.manualMinutes;
    expect(report.manualBaselineMinutes).toBe(baseline);
    expect(report.automationPercent).toBe(Math.round(1000 * (1 - 45 / baseline)) / 10);
  });

  it('never reports below 0 % when people spent more than the baseline', async () => {
    await recordTask(t.db, clock, {
      launchId,
      task: 'postponement',
      subject: 'p1',
      mode: 'human',
      humanMinutes: 500,
      actor: 'token:ana',
    });
    const report = await automationReport(t.db, launchId);
    expect(report.tasks.find((task) => task.task === 'postponement')?.automationPercent).toBe(0);
  });

  it('keeps launches apart', async () => {
    expect((await automationReport(t.db, '00000000-0000-4000-8000-000000000000')).tasks).toEqual(
      [],
    );
  });
});
