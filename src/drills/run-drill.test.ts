import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { insertLaunchRow } from '../../test/fixtures/launch-row.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { renderDrillReport } from './drill-report.ts';
import { runDrill } from './run-drill.ts';
import { ventureDrillPlanYaml } from './testing/venture-plan.ts';

const run = promisify(execFile);

describe('runDrill on the example venture', () => {
  let t: TestDatabase;
  let venture: ExampleVenture;
  let pagerDuty: FakeVendor;
  let slack: FakeVendor;
  let planFile: string;
  const saved = { ...process.env };
  const env = {
    PD_ROUTING_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF',
    LAUNCHCREW_RUNBOOK_EXECUTABLES: process.execPath,
  };

  beforeAll(async () => {
    [t, venture, pagerDuty, slack] = await Promise.all([
      createTestDatabase(),
      startExampleVenture(),
      startFakeVendor(jsonReply(202, { status: 'success', message: 'Event processed' })),
      startFakeVendor({ status: 200, body: 'ok' }),
    ]);
    Object.assign(process.env, env, { DRILL_SLACK_URL: `${slack.url}/services/T/B/X` });
    planFile = join(mkdtempSync(join(tmpdir(), 'drill-')), 'plan.yaml');
    writeFileSync(
      planFile,
      ventureDrillPlanYaml(venture, {
        pagerDutyUrl: pagerDuty.url,
        slackUrlEnv: 'DRILL_SLACK_URL',
      }),
    );
  });
  afterAll(async () => {
    process.env = saved;
    await Promise.all([venture?.stop(), pagerDuty?.close(), slack?.close()]);
    await t?.drop();
  });

  it('runs a P0 outage drill through every stage and records it as evidence', async () => {
    const clock = new SimulatedClock(new Date('2026-01-05T09:00:00Z'));
    const bystander = await insertLaunchRow(t.db, 'bystander', clock.now());
    await t.db
      .updateTable('launches')
      .set({ state: 'monitoring' })
      .where('id', '=', bystander.id)
      .execute();
    const result = await runDrill({
      store: t,
      planFile,
      scenario: 'p0-outage',
      clock,
      target: venture.url,
    });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([
      ['inject', true],
      ['detect', true],
      ['page', true],
      ['approve', true],
      ['rollback', true],
      ['recover', true],
      ['communicate', true],
    ]);
    expect(result).toMatchObject({ passed: true, severity: 'P0', target: venture.url });
    expect(await venture.state()).toMatchObject({
      traffic: 'v1',
      schemaVersion: 1,
      purges: 1,
      faults: { v2: { outage: false, error_rate: 0 } },
    });
    expect(result.postmortem).toContain('## Timeline');
    const pages = pagerDuty.received.map((r) => JSON.parse(r.body));
    expect(
      pages.some((p) => p.event_action === 'trigger' && p.payload.severity === 'critical'),
    ).toBe(true);
    const evidence = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'drill.completed')
      .execute();
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      launch_id: result.launchId,
      actor: 'system:drill',
      detail: { scenario: 'p0-outage', passed: true, incidentId: result.incidentId },
    });
    const launch = await t.db
      .selectFrom('launches')
      .select('state')
      .where('id', '=', result.launchId)
      .executeTakeFirstOrThrow();
    expect(launch.state).toBe('aborted');
    // Another active launch in the same store is not evaluated on the drill's clock.
    const moved = await withTriggerTables(t.db)
      .selectFrom('trigger_evaluations')
      .select('id')
      .where('launch_id', '=', bystander.id)
      .execute();
    expect(moved).toEqual([]);
  }, 60_000);

  it('runs a P1 error-spike drill after the target is reset to v2', async () => {
    await fetch(`${venture.url}/admin/traffic`, { method: 'POST', body: '{"version":"v2"}' });
    await run(process.execPath, [venture.migrateScript, 'up', '--data-dir', venture.dataDir]);
    const clock = new SimulatedClock(new Date('2026-01-06T09:00:00Z'));
    const result = await runDrill({
      store: t,
      planFile,
      scenario: 'p1-error-spike',
      clock,
      target: venture.url,
    });
    expect(result.stages.filter((s) => !s.ok)).toEqual([]);
    expect(result).toMatchObject({ passed: true, severity: 'P1' });
    expect(result.stages.find((s) => s.name === 'page')?.detail).toContain('slack');
    expect(await venture.state()).toMatchObject({ traffic: 'v1', schemaVersion: 1, purges: 2 });
    expect(renderDrillReport(result)).toContain('# Drill p1-error-spike: passed');
  }, 60_000);

  it('records a failed drill when the target cannot be reached, and still ends the launch', async () => {
    const clock = new SimulatedClock(new Date('2026-01-07T09:00:00Z'));
    const result = await runDrill({
      store: t,
      planFile,
      scenario: 'p0-outage',
      clock,
      target: 'http://127.0.0.1:9',
    });
    expect(result).toMatchObject({ passed: false, incidentId: null, postmortem: null });
    expect(result.stages.map((s) => [s.name, s.ok])).toEqual([['inject', false]]);
    const evidence = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'drill.completed')
      .where('launch_id', '=', result.launchId)
      .executeTakeFirstOrThrow();
    expect(evidence.detail).toMatchObject({ passed: false });
    expect(renderDrillReport(result)).toContain('| inject | FAILED |');
  });
});
