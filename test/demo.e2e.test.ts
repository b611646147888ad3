/**
 * `launchcrew demo` end to end, as a user runs it: one whole launch of the example venture on a
 * simulated clock through the real CLI — entry gates, an auto-approved go, the canary deploy, the
 * activation waves, an injected fault that fires LAUNCH-001, the approved rollback, recovery,
 * LAUNCH-004 and the Stage 32 handoff — checked in the database and at the local vendor stand-ins.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationsDb } from '../src/activation/activation-store.ts';
import { withIncidentTables } from '../src/incidents/incident-tables.ts';
import { runbookDb } from '../src/runbooks/runbook-store.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

const cli = join(import.meta.dirname, '..', 'bin', 'launchcrew.js');

interface DemoOutput {
  launchId: string;
  state: string;
  automationPercent: number;
  artefacts: { dir: string; files: string[] };
}

describe('launchcrew demo', () => {
  let t: TestDatabase;
  let result: { code: number; stdout: string; stderr: string };
  let demo: DemoOutput;
  const out = mkdtempSync(join(tmpdir(), 'launchcrew-demo-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    result = await new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, 'demo', '--json', '--out', out],
        { env: { ...process.env, DATABASE_URL: t.url }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    demo = JSON.parse(result.stdout) as DemoOutput;
  }, 240_000);
  afterAll(() => t.drop());

  const actions = async () =>
    (
      await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'detail'])
        .where('launch_id', '=', demo.launchId)
        .orderBy('id')
        .execute()
    ).map((row) => ({ ...row, detail: row.detail as Record<string, unknown> }));

  it('ends the launch succeeded with exit 0 and shows its progress', () => {
    expect(result.code).toBe(0);
    expect(demo.state).toBe('succeeded');
    expect(result.stderr).toContain('dashboard (live while the demo runs): http://127.0.0.1:');
    expect(result.stderr).toContain('go/no-go: GO (auto-approved by the demo');
    expect(result.stderr).toMatch(/launch\.live .*Product live/);
  });

  it('goes through gates, an auto-approved go marked as such, the canary and go-live in order', async () => {
    const log = await actions();
    const order = [
      'gates.evaluate',
      'launch.awaiting_go_no_go',
      'launch.go',
      'launch.executing',
      'launch.live',
      'incident.open',
      'approval.approved',
      'incident.resolved',
      'launch.succeeded',
      'launch.handoff',
    ].map((action) => log.findIndex((entry) => entry.action === action));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(log.find((entry) => entry.action === 'launch.go')?.actor).toMatch(/^demo:auto-approved/);
    const deploy = await runbookDb(t.db)
      .selectFrom('runbook_runs')
      .innerJoin('runbook_step_runs', 'runbook_step_runs.run_id', 'runbook_runs.id')
      .select(['runbook_runs.runbook_id', 'runbook_step_runs.step_id', 'runbook_step_runs.state'])
      .where('runbook_runs.launch_id', '=', demo.launchId)
      .orderBy('runbook_runs.started_at')
      .orderBy('runbook_step_runs.position')
      .execute();
    expect(deploy.map((s) => `${s.runbook_id}:${s.step_id}:${s.state}`)).toEqual([
      'deploy:canary-5:succeeded',
      'deploy:canary-5-analysis:succeeded',
      'deploy:canary-50:succeeded',
      'deploy:canary-50-analysis:succeeded',
      'deploy:canary-100:succeeded',
      'deploy:canary-100-analysis:succeeded',
      'deploy:health:succeeded',
      'rollback:revert-traffic:succeeded',
      'rollback:purge:succeeded',
      'rollback:verify:succeeded',
    ]);
  });

  it('sends every automated activation exactly once, at the vendors and in the ledger', async () => {
    const activations = await activationsDb(t.db)
      .selectFrom('activations')
      .select(['activation_id', 'state'])
      .where('launch_id', '=', demo.launchId)
      .orderBy('activation_id')
      .execute();
    expect(Object.fromEntries(activations.map((a) => [a.activation_id, a.state]))).toEqual({
      'community-post': 'scheduled',
      'go-live-announcement': 'sent',
      'in-app-banner': 'sent',
      'launch-email': 'sent',
      'linkedin-post': 'sent',
      'press-release': 'sent',
      'x-post': 'sent',
    });
    const calls = JSON.parse(
      readFileSync(join(demo.artefacts.dir, 'vendor-calls.json'), 'utf8'),
    ) as Array<{ vendor: string; method: string; path: string; body: string }>;
    const posts = (path: string) => calls.filter((c) => c.method === 'POST' && c.path === path);
    expect(posts('/2/tweets')).toHaveLength(1);
    expect(posts('/rest/posts')).toHaveLength(1);
    const launchMails = posts('/v3/mail/send').filter(
      (c) =>
        JSON.parse(c.body).custom_args?.launchcrew_key ===
        `activation:${demo.launchId}:launch-email`,
    );
    expect(launchMails).toHaveLength(1);
    expect(posts('/hooks/stage32')).toHaveLength(1);
    expect(JSON.parse(posts('/hooks/stage32')[0]?.body ?? '{}')).toMatchObject({
      type: 'MVP_LAUNCHED',
      venture: { id: 'acme-notes-demo', stage: 32 },
    });
  });

  it('pages on LAUNCH-001, rolls back after the approval and recovers before LAUNCH-004', async () => {
    const log = await actions();
    const approved = log.find((entry) => entry.action === 'approval.approved');
    expect(approved?.detail.action).toBe('rollback');
    expect(approved?.actor).toMatch(/^demo:auto-approved/);
    const incidents = await withIncidentTables(t.db)
      .selectFrom('incidents')
      .select(['rule_id', 'state'])
      .where('launch_id', '=', demo.launchId)
      .execute();
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.every((incident) => incident.state === 'resolved')).toBe(true);
    expect(incidents[0]?.rule_id).toMatch(/^LAUNCH-001\./);
    const succeeded = log.find((entry) => entry.action === 'launch.succeeded');
    expect(succeeded?.detail.reason).toContain('LAUNCH-004');
  });

  it('automates at least 80 % of the manual baseline and writes the artefacts', () => {
    expect(demo.automationPercent).toBeGreaterThanOrEqual(80);
    for (const file of [
      'timeline.md',
      'timeline.ics',
      'playbook.md',
      'gates.md',
      'reports.md',
      'handoff.md',
      'automation.json',
    ]) {
      expect(existsSync(join(demo.artefacts.dir, file)), file).toBe(true);
    }
    expect(demo.artefacts.files.some((file) => file.startsWith('postmortem-'))).toBe(true);
    expect(readFileSync(join(demo.artefacts.dir, 'handoff.md'), 'utf8')).toContain(
      'Stage 32 handoff',
    );
  });
});
