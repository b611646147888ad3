/**
 * The *production stable* entry gate (owner: DevOps lead): 7-day uptime from LaunchCrew's own
 * monitors, the production URL answering now, deploy and rollback runbooks defined, and a
 * rollback drill on record for the venture.
 */
import { sql } from 'kysely';
import { type HttpProbeTarget, toMonitorSpec } from '../../metrics/monitors/monitor-spec.ts';
import { uptimePercent } from '../../metrics/monitors/uptime.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { type GateDeps, probeRunnerOf } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import type { Gate } from './gate-model.ts';
import { evidenceLog, gateOf } from './gate-model.ts';

/** Uptime the gate requires over the last 7 days (SPEC §1 31.1), in %. */
export const requiredUptimePercent = 99.5;
/** How recent a drill must be to count as rehearsal. */
export const drillMaxAgeDays = 30;

const DAY = 86_400_000;
const uptimeWindowMinutes = 7 * 24 * 60;

/**
 * Evaluates the gate.
 *
 * @example
 * const gate = await productionStableGate(deps, launch);
 */
export async function productionStableGate(deps: GateDeps, launch: GateLaunch): Promise<Gate> {
  const now = deps.clock.now();
  const evidence = evidenceLog(now);

  const uptime = await uptimePercent(deps.db, {
    launchId: launch.id,
    from: new Date(now.getTime() - 7 * DAY),
    to: now,
  });
  if (uptime.value === null) {
    evidence.add('uptime_7d', 'warn', 'no probe results yet: the monitors have not run');
  } else {
    const measured = `${uptime.value.toFixed(2)} % over ${formatMinutes(uptime.minutes)}`;
    if (uptime.value < requiredUptimePercent) {
      evidence.add('uptime_7d', 'fail', `${measured}, below ${requiredUptimePercent} %`);
    } else if (uptime.minutes < uptimeWindowMinutes) {
      evidence.add('uptime_7d', 'warn', `${measured}: less than 7 days of data`);
    } else {
      evidence.add('uptime_7d', 'pass', measured);
    }
  }

  const target = productionTarget(launch);
  const outcome = await probeRunnerOf(deps)(target.probe, {
    timeoutMs: target.timeoutMs,
    env: deps.env,
  });
  evidence.add(
    'production_url',
    outcome.ok ? 'pass' : 'fail',
    outcome.ok
      ? `${target.probe.url} answered in ${outcome.latencyMs} ms`
      : `${target.probe.url}: ${outcome.message}`,
  );

  const { deploy, rollback } = launch.plan.runbooks;
  evidence.add(
    'runbooks',
    'pass',
    `deploy (${deploy.strategy}, ${deploy.steps.length} steps) and rollback (${rollback.steps.length} steps) defined`,
  );

  const drill = await latestDrill(
    deps,
    launch.ventureId,
    new Date(now.getTime() - drillMaxAgeDays * DAY),
  );
  if (!drill) {
    evidence.add(
      'rollback_drill',
      'warn',
      `no drill of ${launch.ventureId} in the last ${drillMaxAgeDays} days (run \`launchcrew drill\`)`,
    );
  } else if (!drill.passed) {
    evidence.add(
      'rollback_drill',
      'warn',
      `the last drill (${drill.scenario}, ${drill.at}) did not pass`,
    );
  } else {
    evidence.add('rollback_drill', 'pass', `drill ${drill.scenario} passed at ${drill.at}`);
  }
  return gateOf('production_stable', evidence.items);
}

/** The plan's monitor of the production URL (its status and keyword), else a plain GET for 200. */
function productionTarget(launch: GateLaunch): { probe: HttpProbeTarget; timeoutMs: number } {
  const production = new URL(launch.plan.venture.production_url);
  const monitor = launch.plan.monitors.find(
    (m): m is Extract<LaunchPlan['monitors'][number], { type: 'http' }> =>
      m.type === 'http' && m.method === 'GET' && sameOrigin(m.url, production),
  );
  if (monitor) {
    const spec = toMonitorSpec(launch.id, monitor, { t0: launch.t0, monitoringEnd: launch.t0 });
    if (spec.target.type === 'http') return { probe: spec.target, timeoutMs: spec.timeoutMs };
  }
  return {
    probe: {
      type: 'http',
      url: production.href,
      method: 'GET',
      expectedStatus: 200,
      headers: {},
      headersEnv: {},
    },
    timeoutMs: 10_000,
  };
}

function sameOrigin(url: string, production: URL): boolean {
  try {
    return new URL(url).origin === production.origin;
  } catch {
    return false;
  }
}

async function latestDrill(
  deps: GateDeps,
  ventureId: string,
  since: Date,
): Promise<{ scenario: string; passed: boolean; at: string } | undefined> {
  const row = await deps.db
    .selectFrom('audit_log')
    .innerJoin('launches', 'launches.id', 'audit_log.launch_id')
    .select(['audit_log.at', 'audit_log.detail'])
    .where('audit_log.action', '=', 'drill.completed')
    .where('launches.venture_id', '=', ventureId)
    .where('audit_log.at', '>=', since)
    .orderBy(sql`COALESCE((audit_log.detail->>'passed')::boolean, false)`, 'desc')
    .orderBy('audit_log.at', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  const detail = row.detail as { scenario?: unknown; passed?: unknown };
  return {
    scenario: String(detail.scenario ?? 'drill'),
    passed: detail.passed === true,
    at: row.at.toISOString(),
  };
}

function formatMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return days > 0 ? `${days}d ${hours}h` : `${hours}h ${minutes % 60}m`;
}
