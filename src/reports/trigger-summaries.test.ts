import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { triggerStatesFromEvaluations } from './trigger-summaries.ts';

const now = new Date('2026-11-26T12:00:00Z');
const minute = (m: number) => new Date(now.getTime() + m * 60_000);

describe('trigger states for reports', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('lists the pending and firing rules as of the report time, with since when', async () => {
    const planYaml = renderPlan('developer_tool_launch', { now, schemaRef: 'x.json' });
    const clock = new SimulatedClock(now);
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' });
    const evaluation = (ruleId: string, m: number, state: string, reason: string) => ({
      launch_id: launch.id,
      rule_id: ruleId,
      at: minute(m),
      value: 1,
      result: state === 'inactive' ? ('ok' as const) : ('breach' as const),
      state: state as 'inactive' | 'pending' | 'firing',
      reason,
    });
    await withTriggerTables(t.db)
      .insertInto('trigger_evaluations')
      .values([
        evaluation('LAUNCH-001.uptime', 0, 'pending', 'uptime 80 % < 90 %'),
        evaluation('LAUNCH-001.uptime', 1, 'firing', 'uptime 80 % < 90 %'),
        evaluation('LAUNCH-001.uptime', 2, 'firing', 'uptime 70 % < 90 %'),
        evaluation('LAUNCH-001.uptime', 3, 'inactive', 'uptime 99 %'),
        evaluation('LAUNCH-001.uptime', 4, 'pending', 'uptime 85 % < 90 %'),
        evaluation('LAUNCH-003.backlog', 1, 'pending', 'backlog 250 > 200'),
        evaluation('LAUNCH-003.backlog', 2, 'inactive', 'backlog 10'),
        evaluation('LAUNCH-002.users', 9, 'firing', 'later than the report'),
      ])
      .execute();
    const states = triggerStatesFromEvaluations(t.db);

    expect(await states(launch.id, minute(2))).toEqual([
      {
        triggerId: 'LAUNCH-001.uptime',
        state: 'firing',
        since: minute(1).toISOString(),
        detail: 'uptime 70 % < 90 %',
      },
    ]);
    expect(await states(launch.id, minute(5))).toEqual([
      {
        triggerId: 'LAUNCH-001.uptime',
        state: 'pending',
        since: minute(4).toISOString(),
        detail: 'uptime 85 % < 90 %',
      },
    ]);
    expect(await states(launch.id, minute(1))).toHaveLength(2);
  });
});
