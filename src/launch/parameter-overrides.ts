import { recordAudit } from '../audit/audit-log.ts';
import { parameterDefinitions } from '../plan/parameters.ts';
import {
  type ResolvedParameters,
  resolveParameters,
  validateParameterValue,
} from '../plan/resolve.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { findLaunchRow, type LaunchDeps, requireReason } from './launch-service.ts';
import { terminalStates } from './launch-view.ts';

/** One parameter of a launch as resolved now, with where its value came from and its range. */
export interface ResolvedParameter {
  name: string;
  value: unknown;
  source: 'override' | 'plan' | 'preset' | 'default';
  range: string;
  unit: string;
}

/** Every parameter of a launch: database override → plan → preset → default. */
export async function getParameters(
  db: DbExecutor,
  launchId: string,
): Promise<ResolvedParameter[]> {
  const resolved = await resolveLaunchParameters(db, launchId);
  return Object.entries(resolved).map(([name, { value, source }]) => {
    const definition = parameterDefinitions[name as keyof typeof parameterDefinitions];
    return { name, value, source, range: definition.range, unit: definition.unit };
  });
}

async function resolveLaunchParameters(
  db: DbExecutor,
  launchId: string,
): Promise<ResolvedParameters> {
  const launch = await findLaunchRow(db, launchId);
  const rows = await db
    .selectFrom('parameter_overrides')
    .select(['name', 'value'])
    .where('launch_id', '=', launchId)
    .execute();
  const overrides = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  return resolveParameters({ overrides, plan: launch.plan as LaunchPlan });
}

/**
 * Sets a per-launch override (LEAD only — the API checks the role). The value is range-checked;
 * the change and its audit entry (who, when, old, new, why) commit together.
 *
 * @example
 * await setParameterOverride(deps, id, { name: 'target_users_day1', value: 60, reason: 'LAUNCH-002', actor });
 */
export async function setParameterOverride(
  deps: LaunchDeps,
  launchId: string,
  input: { name: string; value: unknown; reason: string; actor: string },
): Promise<{ name: string; old: unknown; new: unknown; oldSource: string }> {
  const reason = requireReason(input.reason);
  const value = validateParameterValue(input.name, input.value);
  return deps.db.transaction().execute(async (trx) => {
    await lockOpenLaunch(trx, launchId);
    const before = (await resolveLaunchParameters(trx, launchId))[
      input.name as keyof ResolvedParameters
    ];
    const now = deps.clock.now();
    await trx
      .insertInto('parameter_overrides')
      .values({
        launch_id: launchId,
        name: input.name,
        value: JSON.stringify(value),
        set_by: input.actor,
        set_at: now,
        reason,
      })
      .onConflict((oc) =>
        oc
          .columns(['launch_id', 'name'])
          .doUpdateSet({ value: JSON.stringify(value), set_by: input.actor, set_at: now, reason }),
      )
      .execute();
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'parameter.override',
      subjectType: 'parameter',
      subjectId: input.name,
      launchId,
      detail: { name: input.name, old: before.value, oldSource: before.source, new: value, reason },
    });
    return { name: input.name, old: before.value, new: value, oldSource: before.source };
  });
}

/** Removes an override so the plan/preset/default value applies again; audited. */
export async function clearParameterOverride(
  deps: LaunchDeps,
  launchId: string,
  name: string,
  input: { actor: string; reason: string },
): Promise<{ name: string; old: unknown; new: unknown }> {
  const reason = requireReason(input.reason);
  return deps.db.transaction().execute(async (trx) => {
    await lockOpenLaunch(trx, launchId);
    const deleted = await trx
      .deleteFrom('parameter_overrides')
      .where('launch_id', '=', launchId)
      .where('name', '=', name)
      .returning('value')
      .executeTakeFirst();
    if (!deleted) {
      throw new UserError('not_found', `launch ${launchId} has no override of '${name}'`, {
        status: 404,
        path: ['name'],
      });
    }
    const after = (await resolveLaunchParameters(trx, launchId))[name as keyof ResolvedParameters];
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'parameter.override_cleared',
      subjectType: 'parameter',
      subjectId: name,
      launchId,
      detail: { name, old: deleted.value, new: after.value, newSource: after.source, reason },
    });
    return { name, old: deleted.value, new: after.value };
  });
}

async function lockOpenLaunch(trx: DbExecutor, launchId: string): Promise<void> {
  const launch = await findLaunchRow(trx, launchId, { lock: true });
  if (terminalStates.has(launch.state)) {
    throw new UserError(
      'conflict',
      `launch ${launchId} already ended (${launch.state}); parameters are frozen`,
      {
        status: 409,
      },
    );
  }
}
