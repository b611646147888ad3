import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { insertSamples } from '../metrics/samples/sample-store.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { launchUptime } from './launch-uptime.ts';

const now = new Date('2026-11-26T12:00:00Z');
const minute = 60_000;

describe('launch uptime on the dashboard', () => {
  let t: TestDatabase;
  let launchId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const clock = new SimulatedClock(now);
    const planYaml = renderPlan('b2b_saas_launch', { now, schemaRef: 'x.json' });
    launchId = (await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' })).launch.id;
  });
  afterAll(() => t.drop());

  it('is null when neither probes nor pushed samples cover the window', async () => {
    expect(await launchUptime(t.db, { launchId, from: new Date(0), to: now })).toBeNull();
  });

  it('falls back to the mean of the pushed uptime samples inside the window', async () => {
    const at = (minutes: number) => new Date(now.getTime() - minutes * minute);
    await insertSamples(t.db, launchId, [
      { name: 'uptime', labels: {}, value: 100, ts: at(30) },
      { name: 'uptime', labels: {}, value: 90, ts: at(20) },
      { name: 'uptime', labels: {}, value: 95, ts: at(10) },
      // outside the window, and another metric: neither counts
      { name: 'uptime', labels: {}, value: 0, ts: at(120) },
      { name: 'error_rate', labels: {}, value: 50, ts: at(10) },
    ]);
    expect(await launchUptime(t.db, { launchId, from: at(60), to: now })).toBe(95);
  });
});
