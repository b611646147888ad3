import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { listAudit } from '../../audit/audit-log.ts';
import { automationReport } from '../../automation/automation-ledger.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { createGateLaunch, readyPlanData } from '../gates/testing/gate-fixtures.ts';
import { checklistOf, maySignOff, parseSignOffRole, signOff } from './readiness-checklist.ts';

const now = new Date('2026-06-05T08:00:00Z');

describe('team readiness checklist', () => {
  let t: TestDatabase;
  const clock = new SimulatedClock(now);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('records who signed which role and when, once per role', async () => {
    const deps = { db: t.db, clock };
    const launchId = await createGateLaunch(deps, readyPlanData('tiny-sign', { smtpPort: 25 }));
    const empty = await checklistOf(t.db, launchId);
    expect(empty.complete).toBe(false);
    expect(empty.items.map((i) => [i.role, i.people.map((p) => p.id), i.signed])).toEqual([
      ['launch_coordinator', ['lea'], false],
      ['devops_lead', ['ops'], false],
      ['marketing_lead', ['mia'], false],
      ['support_lead', ['sam'], false],
    ]);

    const after = await signOff(deps, {
      launchId,
      role: 'devops_lead',
      actor: 'token:ops',
      personId: 'ops',
      note: 'rollback drilled',
    });
    expect(after.items[1]).toMatchObject({
      role: 'devops_lead',
      signed: true,
      signedBy: 'token:ops',
      personId: 'ops',
      signedAt: now.toISOString(),
      note: 'rollback drilled',
    });
    await expect(
      signOff(deps, { launchId, role: 'devops_lead', actor: 'token:lea' }),
    ).rejects.toMatchObject({
      status: 409,
      message: `devops_lead already signed off by token:ops at ${now.toISOString()}`,
    });
    await expect(
      signOff(deps, { launchId, role: 'support_lead', actor: 'token:lea', personId: 'mia' }),
    ).rejects.toMatchObject({
      status: 422,
      message: "person 'mia' is not a support_lead of the plan",
    });
    for (const role of ['launch_coordinator', 'marketing_lead', 'support_lead'] as const) {
      await signOff(deps, { launchId, role, actor: 'token:lea' });
    }
    expect((await checklistOf(t.db, launchId)).complete).toBe(true);
    expect(await listAudit(t.db, { launchId, action: 'readiness.signoff' })).toHaveLength(4);
    const automation = await automationReport(t.db, launchId);
    expect(automation.tasks).toEqual([
      expect.objectContaining({
        task: 'readiness_signoff',
        done: 4,
        automatic: 0,
        humanMinutes: 20,
      }),
    ]);
  });

  it('lets the LEAD sign any role and the others only their own lead role', () => {
    expect(maySignOff('lead', 'launch_coordinator')).toBe(true);
    expect(maySignOff('devops_oncall', 'devops_lead')).toBe(true);
    expect(maySignOff('devops_oncall', 'marketing_lead')).toBe(false);
    expect(maySignOff('marketing', 'marketing_lead')).toBe(true);
    expect(maySignOff('support', 'support_lead')).toBe(true);
    expect(maySignOff('support', 'launch_coordinator')).toBe(false);
    expect(maySignOff('viewer', 'support_lead')).toBe(false);
    expect(() => parseSignOffRole('cto')).toThrow(
      'role must be one of launch_coordinator, devops_lead, marketing_lead, support_lead',
    );
  });
});
