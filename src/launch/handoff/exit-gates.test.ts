import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { samplePlanYaml } from '../../api/test-harness.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import { automationReport } from '../../automation/automation-ledger.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { type ExitGate, evaluateExitGates } from './exit-gates.ts';
import {
  createLiveLaunch,
  seedAlertDelivery,
  seedCompleteMonitoring,
  seedFeedback,
  seedIncident,
  seedMetricData,
} from './testing/handoff-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('exit gates (real PostgreSQL, simulated clock)', () => {
  let t: TestDatabase;
  const t0 = new Date('2026-02-03T09:00:00Z');
  /** The clock of the evaluation; a fresh one per test, since a simulated clock only moves forward. */
  let clock: SimulatedClock;
  const at = (ms: number) => {
    clock = new SimulatedClock(new Date(t0.getTime() + ms));
  };

  const newLaunch = () =>
    createLiveLaunch(t.db, samplePlanYaml, { state: 'monitoring', liveAt: t0 });
  const gate = async (launchId: string, id: ExitGate['id']) => {
    const report = await evaluateExitGates(t.db, clock, launchId);
    const found = report.gates.find((g) => g.id === id);
    if (!found) throw new Error(`no gate ${id}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  beforeEach(() => at(0));
  afterAll(() => t.drop());

  it('passes every gate for a complete launch and records the task', async () => {
    const launchId = await newLaunch();
    await seedCompleteMonitoring(t.db, clock, launchId, t0);
    await seedAlertDelivery(t.db, launchId, 'sent', new Date(t0.getTime() - DAY));
    at(7 * DAY);

    const report = await evaluateExitGates(t.db, clock, launchId);
    expect(report.passed).toBe(true);
    expect(report.gates.map((g) => [g.id, g.passed])).toEqual([
      ['data_coverage', true],
      ['incidents_resolved', true],
      ['feedback', true],
      ['test_alert', true],
    ]);
    expect(report.gates[0]?.evidence).toMatchObject({
      days: 7,
      dataPoints: 2017,
      largestGap: { minutes: 5 },
    });
    expect(report.gates[1]?.evidence).toMatchObject({
      blocking: [],
      backlog: [{ severity: 'P2', title: 'Slow search' }],
    });
    expect(report.gates[1]?.detail).toBe('no open P0/P1 incident; 1 P2/P3 in the backlog');
    const { tasks } = await automationReport(t.db, launchId);
    expect(tasks.map((task) => [task.task, task.automatic])).toEqual([['exit_gates', 1]]);
  });

  it('data coverage fails before 7 days and on a gap over 15 minutes, naming the largest gap', async () => {
    const launchId = await newLaunch();
    const gapStart = new Date(t0.getTime() + 3 * DAY);
    await seedMetricData(t.db, launchId, t0, { days: 7, gap: { from: gapStart, minutes: 20 } });
    at(6 * DAY);
    expect((await gate(launchId, 'data_coverage')).detail).toMatch(
      /^only 6 of 7 days since going live; a 25-minute gap/,
    );
    at(7 * DAY);
    const coverage = await gate(launchId, 'data_coverage');
    expect(coverage.passed).toBe(false);
    // samples every 5 min: the last one 5 min before the gap, the next one when it ends
    expect(coverage.evidence.largestGap).toEqual({
      from: new Date(gapStart.getTime() - 5 * 60_000).toISOString(),
      to: new Date(gapStart.getTime() + 20 * 60_000).toISOString(),
      minutes: 25,
    });

    const exact = await newLaunch();
    await seedMetricData(t.db, exact, t0, { days: 7, everyMinutes: 15 });
    expect((await gate(exact, 'data_coverage')).passed).toBe(true);
  });

  it('data coverage counts the time after the last data point as a gap', async () => {
    const launchId = await newLaunch();
    await seedMetricData(t.db, launchId, t0, { days: 6 });
    at(7 * DAY);
    const coverage = await gate(launchId, 'data_coverage');
    expect(coverage.passed).toBe(false);
    expect(coverage.evidence.largestGap).toMatchObject({ minutes: 24 * 60 });
  });

  it('an open P0 or P1 blocks; P2/P3 stay in the backlog', async () => {
    const launchId = await newLaunch();
    await seedIncident(t.db, launchId, { severity: 'P1', title: 'Checkout 5xx', openedAt: t0 });
    await seedIncident(t.db, launchId, { severity: 'P3', title: 'Typo', openedAt: t0 });
    const incidents = await gate(launchId, 'incidents_resolved');
    expect(incidents.passed).toBe(false);
    expect(incidents.detail).toBe('1 open P0/P1 incident(s): P1 "Checkout 5xx" (triggered)');
    expect(incidents.evidence).toMatchObject({ backlog: [{ severity: 'P3', title: 'Typo' }] });
  });

  it('needs 50 feedback data points: 49 fail, 50 pass', async () => {
    const launchId = await newLaunch();
    await seedFeedback(t.db, clock, launchId, 49);
    expect(await gate(launchId, 'feedback')).toMatchObject({
      passed: false,
      evidence: { dataPoints: 49, needed: 50 },
    });
    await seedFeedback(t.db, clock, launchId, 50);
    expect(await gate(launchId, 'feedback')).toMatchObject({
      passed: true,
      evidence: { dataPoints: 50 },
    });
  });

  it('a test alert counts when an alert delivery was sent or a test alert was confirmed', async () => {
    const launchId = await newLaunch();
    await seedAlertDelivery(t.db, launchId, 'failed', t0);
    expect((await gate(launchId, 'test_alert')).passed).toBe(false);
    await recordAudit(t.db, clock, {
      actor: 'token:ana',
      action: 'alert.test_confirmed',
      subjectType: 'launch',
      subjectId: launchId,
      launchId,
    });
    expect(await gate(launchId, 'test_alert')).toMatchObject({
      passed: true,
      detail: 'test alert confirmed (alert.test_confirmed by token:ana)',
    });

    const other = await newLaunch();
    await seedAlertDelivery(t.db, other, 'sent', t0);
    expect((await gate(other, 'test_alert')).detail).toMatch(/^alert delivered on slack \(/);
  });
});
