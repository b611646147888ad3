import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { listAudit } from '../audit/audit-log.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { listScheduledWork } from '../jobs/due-work.ts';
import { renderPlan } from '../plan/init/render-plan.ts';
import { UserError } from '../shared/errors.ts';
import {
  cancelLaunch,
  createLaunch,
  getLaunch,
  listLaunches,
  listVentures,
  PlanInvalidError,
} from './launch-service.ts';
import {
  clearParameterOverride,
  getParameters,
  setParameterOverride,
} from './parameter-overrides.ts';

const now = new Date('2026-11-26T12:00:00Z');
const planYaml = renderPlan('b2b_saas_launch', { now, schemaRef: 'launch-plan.schema.json' });

describe('launch service', () => {
  let t: TestDatabase;
  const clock = new SimulatedClock(now);
  const deps = () => ({ db: t.db, clock });

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('creates a launch with its venture, timeline milestones and an audit entry', async () => {
    const { launch } = await createLaunch(deps(), { planYaml, actor: 'token:ana' });
    expect(launch).toMatchObject({
      state: 'preparing',
      preset: 'b2b_saas_launch',
      createdBy: 'token:ana',
    });
    expect(await getLaunch(t.db, launch.id)).toEqual(launch);
    expect(await listVentures(t.db)).toEqual([
      { id: launch.ventureId, name: launch.ventureName, launches: 1 },
    ]);

    const work = (await listScheduledWork(t.db, launch.id)).filter(
      (w) => w.job === 'launch.milestone',
    );
    const t0 = new Date(launch.t0).getTime();
    expect(
      work.map((w) => [
        (w.data as { milestone: string }).milestone,
        new Date(w.due_at).getTime() - t0,
      ]),
    ).toEqual([
      ['freeze_start', -72 * 3_600_000], // b2b preset: freeze 72 h
      ['t0', 0],
      ['monitoring_end', 7 * 86_400_000],
      ['success_deadline', 14 * 86_400_000],
    ]);
    const reports = (await listScheduledWork(t.db, launch.id)).filter(
      (w) => w.job === 'report.send',
    );
    expect(reports).toHaveLength(72 + 4); // hourly to T+72h, then daily on days 4–7
    const audit = await listAudit(t.db, { launchId: launch.id });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['launch.create', 'token:ana']]);
  });

  it('rejects an invalid plan with every problem and writes nothing', async () => {
    const before = await t.db.selectFrom('launches').select('id').execute();
    const broken = planYaml
      .replace(/production_url: .*/, 'production_url: 42')
      .replace('venture:', 'venture:\n  colour: red');
    const error = await createLaunch(deps(), { planYaml: broken, actor: 'token:ana' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlanInvalidError);
    const problems = (error as PlanInvalidError).problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => p.path.join('.'))).toEqual(
      expect.arrayContaining(['venture.production_url', 'venture.colour']),
    );
    expect((error as PlanInvalidError).status).toBe(422);
    expect(await t.db.selectFrom('launches').select('id').execute()).toEqual(before);
  });

  it('checks connector configs against their vendor schemas, as validate does', async () => {
    const broken = planYaml.replace('from_email: launch@', 'from_adress: launch@');
    expect(broken).not.toBe(planYaml);
    const error = await createLaunch(deps(), { planYaml: broken, actor: 'token:ana' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlanInvalidError);
    const errors = (error as PlanInvalidError).problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.path.join('.'))).toEqual([
      'connectors.0.config.from_email',
      'connectors.0.config.from_adress',
    ]);
    expect(errors[0]?.message).toBe("missing required key 'from_email' (sendgrid config)");
  });

  it('resolves parameters override → plan → preset → default, and audits overrides', async () => {
    const { launch } = await createLaunch(deps(), { planYaml, actor: 'token:ana' });
    const byName = async () =>
      Object.fromEntries((await getParameters(t.db, launch.id)).map((p) => [p.name, p]));
    expect((await byName()).pre_launch_freeze).toMatchObject({
      value: 72,
      source: expect.stringMatching(/plan|preset/),
    });
    expect((await byName()).max_error_rate).toMatchObject({
      source: expect.stringMatching(/plan|preset|default/),
    });

    const change = await setParameterOverride(deps(), launch.id, {
      name: 'target_users_day1',
      value: 60,
      reason: 'LAUNCH-002: lower day-1 target',
      actor: 'token:ana',
    });
    expect(change.new).toBe(60);
    expect((await byName()).target_users_day1).toMatchObject({ value: 60, source: 'override' });
    const [entry] = await listAudit(t.db, { launchId: launch.id, action: 'parameter.override' });
    expect(entry?.detail).toMatchObject({
      name: 'target_users_day1',
      old: change.old,
      new: 60,
      reason: 'LAUNCH-002: lower day-1 target',
    });
    expect(entry?.actor).toBe('token:ana');

    await clearParameterOverride(deps(), launch.id, 'target_users_day1', {
      actor: 'token:ana',
      reason: 'back to plan',
    });
    expect((await byName()).target_users_day1?.value).toBe(change.old);
  });

  it('refuses an out-of-range or unknown override and leaves no trace', async () => {
    const { launch } = await createLaunch(deps(), { planYaml, actor: 'token:ana' });
    const attempt = (name: string, value: unknown) =>
      setParameterOverride(deps(), launch.id, { name, value, reason: 'test', actor: 'token:ana' });
    await expect(attempt('max_error_rate', 50)).rejects.toThrow(/max_error_rate must be 0\.1–10/);
    await expect(attempt('max_eror_rate', 2)).rejects.toThrow(/did you mean 'max_error_rate'/);
    await expect(
      setParameterOverride(deps(), launch.id, {
        name: 'max_error_rate',
        value: 2,
        reason: '  ',
        actor: 'x',
      }),
    ).rejects.toThrow(/reason is required/);
    expect(
      await t.db
        .selectFrom('parameter_overrides')
        .selectAll()
        .where('launch_id', '=', launch.id)
        .execute(),
    ).toEqual([]);
    expect(await listAudit(t.db, { launchId: launch.id, action: 'parameter.override' })).toEqual(
      [],
    );
  });

  it('cancels an open launch once, cancelling its pending timeline', async () => {
    const { launch } = await createLaunch(deps(), { planYaml, actor: 'token:ana' });
    const cancelled = await cancelLaunch(deps(), launch.id, {
      actor: 'token:bob',
      reason: 'market shifted',
    });
    expect(cancelled).toMatchObject({ state: 'aborted', endReason: 'market shifted' });
    expect((await listScheduledWork(t.db, launch.id)).every((w) => w.cancelled_at !== null)).toBe(
      true,
    );
    const again = await cancelLaunch(deps(), launch.id, {
      actor: 'token:bob',
      reason: 'twice',
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UserError);
    expect((again as UserError).status).toBe(409);
    expect((await listAudit(t.db, { launchId: launch.id, action: 'launch.cancel' })).length).toBe(
      1,
    );
    expect((await listLaunches(t.db, { state: 'aborted' })).map((l) => l.id)).toEqual([launch.id]);
  });

  it('answers not_found for unknown and malformed ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      const error = await getLaunch(t.db, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).status).toBe(404);
    }
  });
});
