import { createHash } from 'node:crypto';
import { cancelActivations } from '../activation/activation-control.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { connectorCatalog } from '../connectors/connector-catalog.ts';
import { cancelScheduledWork } from '../jobs/due-work.ts';
import { parsePlanText } from '../plan/load.ts';
import type { Problem } from '../plan/problem.ts';
import { parameterValuesOf, resolveParameters } from '../plan/resolve.ts';
import { t0Instant } from '../plan/time.ts';
import { scheduleLaunchReports } from '../reports/report-schedule.ts';
import { UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import { type LaunchView, terminalStates, toLaunchView } from './launch-view.ts';
import { scheduleTimeline, successDeadlineDays } from './milestone-job.ts';

/** What launch operations need. */
export interface LaunchDeps {
  db: Db;
  clock: Clock;
}

/** A plan that does not validate; `problems` lists every error and warning with its position. */
export class PlanInvalidError extends UserError {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    super(
      'invalid_plan',
      `the plan has ${errors.length} error(s)${first ? `; first: ${first.message}` : ''}`,
      {
        status: 422,
        path: first?.path ?? [],
      },
    );
    this.problems = problems;
  }
}

const DAY = 86_400_000;

/**
 * Creates a launch from a plan: validates it (every problem at once), stores the venture, the
 * launch, its timeline milestones (freeze start, T0, end of monitoring, success deadline), its reports (hourly to
 * T+72h, then daily) and an audit entry in one transaction.
 *
 * @example
 * const { launch } = await createLaunch(deps, { planYaml, actor: 'token:ana' });
 */
export async function createLaunch(
  deps: LaunchDeps,
  input: { planYaml: string; fileName?: string; actor: string },
): Promise<{ launch: LaunchView; warnings: Problem[] }> {
  // Connector configs are checked against their vendors' schemas, as `launchcrew validate` does.
  const result = parsePlanText(input.planYaml, input.fileName ?? 'plan.yaml', {
    catalog: await connectorCatalog(),
  });
  if (!result.ok || !result.plan) throw new PlanInvalidError(result.problems);
  const plan = result.plan;
  const t0 = t0Instant(plan.t0, plan.venture.timezone);
  if (!t0)
    throw new UserError('invalid_plan', `t0 '${plan.t0}' is not a valid time`, {
      status: 422,
      path: ['t0'],
    });
  const parameters = parameterValuesOf(resolveParameters({ plan }));
  const timeline = {
    freezeHours: parameters.pre_launch_freeze,
    monitoringDays: parameters.post_launch_monitoring,
  };
  const launch = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await trx
      .insertInto('ventures')
      .values({ id: plan.venture.id, name: plan.venture.name })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: plan.venture.name, updated_at: now }))
      .execute();
    const row = await trx
      .insertInto('launches')
      .values({
        venture_id: plan.venture.id,
        state: 'preparing',
        preset: plan.preset ?? 'none',
        t0,
        plan: JSON.stringify(plan),
        plan_yaml: input.planYaml,
        plan_sha256: createHash('sha256').update(input.planYaml).digest('hex'),
        created_by: input.actor,
        success_deadline: new Date(t0.getTime() + successDeadlineDays * DAY),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await scheduleTimeline(trx, deps.clock, { launchId: row.id, t0, ...timeline });
    await scheduleLaunchReports(trx, deps.clock, {
      launchId: row.id,
      t0,
      monitoringDays: parameters.post_launch_monitoring,
    });
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'launch.create',
      subjectType: 'launch',
      subjectId: row.id,
      launchId: row.id,
      detail: {
        ventureId: plan.venture.id,
        t0: t0.toISOString(),
        preset: plan.preset ?? 'none',
        state: 'preparing',
      },
    });
    return row;
  });
  return {
    launch: toLaunchView({ ...launch, venture_name: plan.venture.name }),
    warnings: result.problems.filter((p) => p.severity === 'warning'),
  };
}

/** Launches, newest first. */
export async function listLaunches(
  db: DbExecutor,
  filter: { ventureId?: string; state?: string; limit?: number } = {},
): Promise<LaunchView[]> {
  let query = launchQuery(db);
  if (filter.ventureId) query = query.where('launches.venture_id', '=', filter.ventureId);
  if (filter.state) query = query.where('launches.state', '=', filter.state as never);
  const rows = await query
    .orderBy('launches.created_at', 'desc')
    .limit(Math.min(filter.limit ?? 100, 1000))
    .execute();
  return rows.map(toLaunchView);
}

/** One launch; `not_found` (404) when the id is unknown or not a launch id. */
export async function getLaunch(db: DbExecutor, id: string): Promise<LaunchView> {
  return toLaunchView(await findLaunchRow(db, id));
}

/**
 * Cancels a launch that has not ended: state `aborted`, pending timeline work and marketing
 * activations cancelled, audit entry with the reason — all in one transaction. A launch that
 * already ended is a 409.
 */
export async function cancelLaunch(
  deps: LaunchDeps,
  id: string,
  input: { actor: string; reason: string },
): Promise<LaunchView> {
  const reason = requireReason(input.reason);
  return deps.db.transaction().execute(async (trx) => {
    const current = await findLaunchRow(trx, id, { lock: true });
    if (terminalStates.has(current.state)) {
      throw new UserError('conflict', `launch ${id} already ended (${current.state})`, {
        status: 409,
      });
    }
    const now = deps.clock.now();
    await trx
      .updateTable('launches')
      .set({ state: 'aborted', ended_at: now, end_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute();
    const cancelledWork = await cancelScheduledWork(trx, deps.clock, id);
    // After the pending work: cancelling an armed activation schedules its vendor call.
    await cancelActivations(trx, deps.clock, { launchId: id, actor: input.actor, reason });
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'launch.cancel',
      subjectType: 'launch',
      subjectId: id,
      launchId: id,
      detail: { from: current.state, to: 'aborted', reason, cancelledWork },
    });
    return toLaunchView(await findLaunchRow(trx, id));
  });
}

/** Ventures with how many launches each has. */
export async function listVentures(
  db: DbExecutor,
): Promise<{ id: string; name: string; launches: number }[]> {
  const rows = await db
    .selectFrom('ventures')
    .leftJoin('launches', 'launches.venture_id', 'ventures.id')
    .select(['ventures.id', 'ventures.name'])
    .select((eb) => eb.fn.count<string>('launches.id').as('launches'))
    .groupBy(['ventures.id', 'ventures.name'])
    .orderBy('ventures.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, launches: Number(r.launches) }));
}

export function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0)
    throw new UserError('invalid_request', 'a reason is required', { path: ['reason'] });
  if (trimmed.length > 2000)
    throw new UserError('invalid_request', 'reason must be at most 2,000 characters', {
      path: ['reason'],
    });
  return trimmed;
}

function launchQuery(db: DbExecutor) {
  return db
    .selectFrom('launches')
    .innerJoin('ventures', 'ventures.id', 'launches.venture_id')
    .selectAll('launches')
    .select('ventures.name as venture_name');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The launch row with its venture name; `not_found` (404) otherwise. */
export async function findLaunchRow(db: DbExecutor, id: string, options: { lock?: boolean } = {}) {
  const notFound = new UserError('not_found', `launch ${id} does not exist`, {
    status: 404,
    path: ['id'],
  });
  if (!uuidPattern.test(id)) throw notFound;
  let query = launchQuery(db).where('launches.id', '=', id);
  if (options.lock) query = query.forUpdate('launches');
  const row = await query.executeTakeFirst();
  if (!row) throw notFound;
  return row;
}
