import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { listAudit } from '../../audit/audit-log.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { createGateLaunch, readyPlanData } from '../../launch/gates/testing/gate-fixtures.ts';
import { runLaunchcrew } from '../testing/run-cli.ts';

function launchcrew(args: string[], databaseUrl: string) {
  return runLaunchcrew(args, { env: { DATABASE_URL: databaseUrl, USER: 'mia' } });
}

// each case starts the CLI several times (a few seconds each on a busy machine)
describe('launchcrew gates, timeline, playbook, signoff', { timeout: 120_000 }, () => {
  let t: TestDatabase;
  let dir: string;
  let launchId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'launchcrew-gates-'));
    // the plan's hosts are reserved names that never resolve; SMTP port 1 refuses at once
    launchId = await createGateLaunch(
      { db: t.db, clock: new SimulatedClock(new Date('2026-06-05T08:00:00Z')) },
      readyPlanData('tiny-cli', { smtpPort: 1 }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.drop();
  });

  it('shows no report, then evaluates the gates and exits 1 when one fails', async () => {
    const none = await launchcrew(['gates', launchId], t.url);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('were not evaluated yet (run with --evaluate)');

    const evaluated = await launchcrew(['gates', launchId, '--evaluate', '--json'], t.url);
    expect(evaluated.code).toBe(1);
    const report = JSON.parse(evaluated.stdout) as {
      actor: string;
      blocking: boolean;
      gates: { name: string }[];
    };
    expect(report).toMatchObject({ actor: 'cli:mia', blocking: true });
    expect(report.gates.map((g) => g.name)).toEqual([
      'production_stable',
      'marketing_ready',
      'support_trained',
    ]);

    const shown = await launchcrew(['gates', launchId], t.url);
    expect(shown.stdout).toContain('FAIL  production_stable (owner devops_lead)');
    expect(shown.stdout).toContain('Readiness factors:');
  });

  it('writes the timeline calendar and prints the playbook', async () => {
    const file = join(dir, 'launch.ics');
    const written = await launchcrew(['timeline', launchId, '--ics', file], t.url);
    expect(written.code).toBe(0);
    const ics = await readFile(file, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const playbook = await launchcrew(['playbook', launchId], t.url);
    expect(playbook.stdout).toContain('## Marketing pause plan');
  });

  it('signs off a role as the CLI user', async () => {
    const signed = await launchcrew(
      ['signoff', launchId, 'marketing_lead', '--person', 'mia', '--json'],
      t.url,
    );
    expect(signed.code).toBe(0);
    const checklist = JSON.parse(signed.stdout) as {
      items: { role: string; signedBy: string | null }[];
    };
    expect(checklist.items.find((i) => i.role === 'marketing_lead')?.signedBy).toBe('cli:mia');
    const again = await launchcrew(['signoff', launchId, 'marketing_lead'], t.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('marketing_lead already signed off by cli:mia');
    expect(await listAudit(t.db, { launchId, action: 'readiness.signoff' })).toHaveLength(1);
  });
});
