import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../connectors/testing/fake-vendor.ts';
import { ventureDrillPlanYaml } from '../../drills/testing/venture-plan.ts';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'launchcrew.js');

describe('launchcrew drill', () => {
  let t: TestDatabase;
  let venture: ExampleVenture;
  let pagerDuty: FakeVendor;
  let slack: FakeVendor;
  const dir = mkdtempSync(join(tmpdir(), 'drill-cli-'));
  const planFile = join(dir, 'plan.yaml');

  const launchcrew = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        {
          cwd: dir,
          env: {
            ...process.env,
            DATABASE_URL: t.url,
            USER: 'olu',
            PD_ROUTING_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF',
            DRILL_SLACK_URL: `${slack.url}/services/T/B/X`,
            LAUNCHCREW_RUNBOOK_EXECUTABLES: process.execPath,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    [t, venture, pagerDuty, slack] = await Promise.all([
      createTestDatabase(),
      startExampleVenture(),
      startFakeVendor(jsonReply(202, { status: 'success', message: 'Event processed' })),
      startFakeVendor({ status: 200, body: 'ok' }),
    ]);
    writeFileSync(
      planFile,
      ventureDrillPlanYaml(venture, {
        pagerDutyUrl: pagerDuty.url,
        slackUrlEnv: 'DRILL_SLACK_URL',
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([venture?.stop(), pagerDuty?.close(), slack?.close()]);
    await t?.drop();
  });

  it('runs a drill, writes the report and records the drill as evidence', async () => {
    const drill = await launchcrew([
      'drill',
      '--plan',
      planFile,
      '--scenario',
      'p0-outage',
      '--target',
      venture.url,
      '--json',
    ]);
    expect(drill.stderr).not.toContain('rror');
    expect(drill.code).toBe(0);
    const result = JSON.parse(drill.stdout);
    expect(result).toMatchObject({
      scenario: 'p0-outage',
      passed: true,
      reportFile: 'drill-p0-outage.md',
    });
    expect(readFileSync(join(dir, 'drill-p0-outage.md'), 'utf8')).toContain(
      '# Drill p0-outage: passed',
    );
    const evidence = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'launch_id'])
      .where('action', '=', 'drill.completed')
      .execute();
    expect(evidence).toEqual([{ actor: 'cli:olu', launch_id: result.launchId }]);
  }, 60_000);

  it('refuses an unknown scenario with exit 1', async () => {
    const drill = await launchcrew(['drill', '--plan', planFile, '--scenario', 'meteor']);
    expect(drill.code).toBe(1);
    expect(drill.stderr).toContain('--scenario must be one of p0-outage, p1-error-spike');
  });
});
