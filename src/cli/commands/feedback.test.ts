import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { samplePlanYaml } from '../../api/test-harness.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { createLaunch } from '../../launch/launch-service.ts';
import { runLaunchcrew } from '../testing/run-cli.ts';

describe('launchcrew feedback', () => {
  let t: TestDatabase;
  let launchId: string;
  const dir = mkdtempSync(join(tmpdir(), 'feedback-cli-'));

  const launchcrew = (args: string[]) =>
    runLaunchcrew(args, { cwd: dir, env: { DATABASE_URL: t.url } });

  beforeAll(async () => {
    t = await createTestDatabase();
    const clock = new SimulatedClock(new Date('2026-01-20T09:00:00Z'));
    ({
      launch: { id: launchId },
    } = await createLaunch({ db: t.db, clock }, { planYaml: samplePlanYaml, actor: 'test' }));
  });
  afterAll(() => t.drop());

  it('imports a CSV once and reports it', async () => {
    const file = join(dir, 'tickets.csv');
    writeFileSync(
      file,
      'kind,external_id,text,priority,nps_score\nticket,zd-1,"Login fails, again",P1,\nsurvey,s-1,,,9\nsurvey,s-2,,,3\n',
    );
    const first = await launchcrew(['feedback', 'import', launchId, file]);
    expect(first).toMatchObject({
      code: 0,
      stdout: '3 item(s) imported, 0 already stored (3 read)\n',
    });
    const again = await launchcrew(['feedback', 'import', launchId, file, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ received: 3, stored: 0, duplicates: 3 });

    const report = await launchcrew(['feedback', 'report', launchId, '--json']);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({
      dataPoints: 3,
      nps: { nps: 0, n: 2 },
      urgentTickets: [{ externalId: 'zd-1', source: 'import:tickets.csv' }],
    });
    const text = await launchcrew(['feedback', 'report', launchId]);
    expect(text.stdout).toContain('3 data points: 1 tickets, 2 survey answers, 0 interviews');
  }, 120_000);

  it('names the line and column of bad CSV and exits 1; an unreadable file exits 2', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'kind,external_id,nps_score\nsurvey,s-9,12\n');
    const bad = await launchcrew(['feedback', 'import', launchId, file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:2:12 (nps_score): Too big: expected number to be <=10`);
    const missing = await launchcrew(['feedback', 'import', launchId, join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
  }, 60_000);
});
