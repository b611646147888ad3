import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { jobKinds } from '../app/job-kinds.ts';
import { listAudit } from '../audit/audit-log.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { runSchedule } from '../jobs/due-work-controller.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { noData } from '../metrics/metric-reader.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { setReportDependencies } from '../reports/report-dependencies.ts';
import { setLaunchCollaborators } from './launch-collaborators.ts';
import { cancelLaunch, createLaunch } from './launch-service.ts';
import { scriptedLaunchCollaborators } from './testing/scripted-collaborators.ts';

const now = new Date('2026-11-26T12:00:00Z');
const planYaml = renderPlan('developer_tool_launch', { now, schemaRef: 'launch-plan.schema.json' });

describe('a launch timeline on a simulated clock', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  const clock = new SimulatedClock(now);
  const kinds = jobKinds;
  const sent: Array<{ launchId: string; channel: string }> = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds });
    setLaunchCollaborators(scriptedLaunchCollaborators().collaborators);
    setReportDependencies({
      metrics: { read: async () => noData('no samples in this test') },
      sender: {
        chat: async (launch) => {
          sent.push({ launchId: launch.id, channel: 'chat' });
          return {};
        },
        email: async (launch) => {
          sent.push({ launchId: launch.id, channel: 'email' });
          return {};
        },
      },
      triggerStates: async () => [],
    });
    await queue.startWorkers();
  });
  afterAll(async () => {
    setReportDependencies(null);
    setLaunchCollaborators(null);
    await queue.stop();
    await t.drop();
  });

  it('reaches each milestone and sends each report at its time; a cancelled launch does neither', async () => {
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' });
    const { launch: cancelled } = await createLaunch(
      { db: t.db, clock },
      { planYaml, actor: 'test' },
    );
    await cancelLaunch({ db: t.db, clock }, cancelled.id, {
      actor: 'test',
      reason: 'not this one',
    });
    const t0 = new Date(launch.t0).getTime();

    await runSchedule({ db: t.db, queue, kinds }, clock, new Date(t0 + 8 * 86_400_000));

    const reached = (await listAudit(t.db, { action: 'launch.milestone' })).reverse();
    expect(
      reached.map((e) => [
        e.launch_id,
        (e.detail as { milestone: string }).milestone,
        new Date(e.at).getTime() - t0,
      ]),
    ).toEqual([
      [launch.id, 'freeze_start', -96 * 3_600_000], // developer_tool preset: freeze 96 h
      [launch.id, 't0', 0],
      [launch.id, 'monitoring_end', 7 * 86_400_000],
    ]);
    expect(sent.filter((s) => s.launchId === launch.id && s.channel === 'chat')).toHaveLength(76);
    expect(sent.filter((s) => s.launchId === launch.id && s.channel === 'email')).toHaveLength(76);
    expect(sent.filter((s) => s.launchId === cancelled.id)).toEqual([]);
  });
});
