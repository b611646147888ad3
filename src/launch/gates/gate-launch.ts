/** What the gates read of a launch: its plan, T0, venture and parameters in force. */
import type { ParameterValues } from '../../plan/parameters.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { DbExecutor } from '../../store/database.ts';
import { findLaunchRow } from '../launch-service.ts';
import { getParameters } from '../parameter-overrides.ts';

/** A launch as the gates see it. */
export interface GateLaunch {
  id: string;
  ventureId: string;
  t0: Date;
  plan: LaunchPlan;
  /** Parameters in force: database override → plan → preset → default. */
  parameters: ParameterValues;
}

/**
 * Loads a launch for the gates; `not_found` (404) when the id is unknown.
 *
 * @example
 * const launch = await loadGateLaunch(db, launchId);
 */
export async function loadGateLaunch(db: DbExecutor, launchId: string): Promise<GateLaunch> {
  const row = await findLaunchRow(db, launchId);
  const parameters = Object.fromEntries(
    (await getParameters(db, launchId)).map((p) => [p.name, p.value]),
  ) as ParameterValues;
  return {
    id: row.id,
    ventureId: row.venture_id,
    t0: row.t0,
    plan: row.plan as LaunchPlan,
    parameters,
  };
}
