import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApprovals } from '../../approvals/approval-service.ts';
import { listAudit } from '../../audit/audit-log.ts';
import {
  type IncidentHarness,
  startIncidentHarness,
} from '../../incidents/testing/incident-harness.ts';
import { runLaunchcrew } from '../testing/run-cli.ts';

function launchcrew(args: string[], databaseUrl: string) {
  return runLaunchcrew(args, { env: { DATABASE_URL: databaseUrl, USER: 'olu' } });
}

describe('launchcrew approve', () => {
  let h: IncidentHarness;
  beforeAll(async () => {
    h = await startIncidentHarness();
  });
  afterAll(() => h.close());

  it('approves and rejects against the store, audited as the CLI user; a second decision fails', async () => {
    const launchId = await h.createLaunch();
    await h.fire(launchId);
    const [rollback, pause] = await listApprovals(h.api.t.db, { launchId });
    const url = h.api.t.url;

    const approved = await launchcrew(['approve', pause?.id ?? '', '--json'], url);
    expect(approved.stderr).not.toContain('error');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({
      action: 'marketing_pause',
      state: 'approved',
      decidedBy: 'cli:olu',
      decidedVia: 'cli',
    });

    const noReason = await launchcrew(['approve', rollback?.id ?? '', '--reject'], url);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('a reason is required to reject');

    const rejected = await launchcrew(
      ['approve', rollback?.id ?? '', '--reject', '--reason', 'partner outage, not us'],
      url,
    );
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`rollback ${rollback?.id} rejected by cli:olu`);
    const again = await launchcrew(['approve', rollback?.id ?? ''], url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already rejected');
    expect(
      (await listAudit(h.api.t.db, { launchId, action: 'approval.rejected' }))[0],
    ).toMatchObject({
      actor: 'cli:olu',
      detail: { via: 'cli', reason: 'partner outage, not us' },
    });
  });

  it('approving a rollback whose runbook cannot start changes nothing', async () => {
    const launchId = await h.createLaunch();
    await h.fire(launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    const answer = await launchcrew(['approve', rollback?.id ?? ''], h.api.t.url);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain("step 'revert': action 'manual' is done by a person");
    expect((await listApprovals(h.api.t.db, { launchId }))[0]?.state).toBe('pending');
  });
});
