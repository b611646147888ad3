/**
 * Which monitors run now: those of launches in an active state (preparing → monitoring), from the
 * stored plan, until their `run_until` or the end of the monitoring window
 * (T0 + `post_launch_monitoring` days, with the launch's parameter override if any).
 */

import { type ParameterInputs, parameterValuesOf, resolveParameters } from '../../plan/resolve.ts';
import { monitorsSchema } from '../../plan/sections/monitors.ts';
import type { DbExecutor } from '../../store/database.ts';
import type { LaunchState } from '../../store/schema.ts';
import { type MonitorSpec, toMonitorSpec } from './monitor-spec.ts';

/** Launch states in which LaunchCrew probes the launch's monitors. */
export const monitoredLaunchStates: ReadonlyArray<LaunchState> = [
  'preparing',
  'awaiting_go_no_go',
  'executing',
  'monitoring',
];

const DAY = 86_400_000;

/**
 * The monitors to run at `now`, across every active launch. A stored plan whose monitors no
 * longer validate (or whose parameter override is out of range) is skipped and reported through
 * `onSkip`, rather than stopping the probes of every launch.
 *
 * @example
 * const specs = await loadActiveMonitors(db, clock.now());
 */
export async function loadActiveMonitors(
  db: DbExecutor,
  now: Date,
  onSkip?: (launchId: string, message: string) => void,
): Promise<MonitorSpec[]> {
  const launches = await db
    .selectFrom('launches')
    .select(['id', 't0', 'plan'])
    .where('state', 'in', [...monitoredLaunchStates])
    .execute();
  if (launches.length === 0) return [];
  const overrides = await db
    .selectFrom('parameter_overrides')
    .select(['launch_id', 'name', 'value'])
    .where(
      'launch_id',
      'in',
      launches.map((launch) => launch.id),
    )
    .execute();
  return launches.flatMap((launch) => {
    const own = overrides.filter((o) => o.launch_id === launch.id);
    try {
      return specsOfLaunch(launch, Object.fromEntries(own.map((o) => [o.name, o.value]))).filter(
        (spec) => spec.runUntil > now,
      );
    } catch (error) {
      onSkip?.(launch.id, error instanceof Error ? error.message : String(error));
      return [];
    }
  });
}

function specsOfLaunch(
  launch: { id: string; t0: Date; plan: unknown },
  overrides: Record<string, unknown>,
): MonitorSpec[] {
  const plan = launch.plan as ParameterInputs['plan'] & { monitors?: unknown };
  const monitors = monitorsSchema.parse(plan?.monitors ?? []);
  const t0 = new Date(launch.t0);
  const days = parameterValuesOf(resolveParameters({ plan, overrides })).post_launch_monitoring;
  const monitoringEnd = new Date(t0.getTime() + days * DAY);
  return monitors.map((monitor) => toMonitorSpec(launch.id, monitor, { t0, monitoringEnd }));
}
