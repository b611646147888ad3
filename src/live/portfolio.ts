/** The portfolio view of the dashboard: every launch with its phase, readiness and health. */
import { sql } from 'kysely';
import { terminalStates } from '../launch/launch-view.ts';
import { readErrorRate } from '../metrics/derived/request-metrics.ts';
import { readNewUsers } from '../metrics/derived/user-metrics.ts';
import { parameterValuesOf, resolveParameters } from '../plan/resolve.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import type { LaunchRow, LaunchState } from '../store/schema.ts';
import { launchUptime } from './launch-uptime.ts';

const hour = 3_600_000;
const day = 24 * hour;
/** Window of the portfolio's error rate (the trigger engine's request window). */
const errorRateWindowMs = 5 * 60_000;

/** Where a launch is in its life. */
export type LaunchPhase = 'pre_launch' | 'launch_day' | 'post_launch' | 'ended';
export type SeverityCounts = { P0: number; P1: number; P2: number; P3: number };

/** One launch on the portfolio. */
export interface PortfolioLaunch {
  id: string;
  ventureId: string;
  ventureName: string;
  state: LaunchState;
  phase: LaunchPhase;
  t0: string;
  endedAt: string | null;
  /** Day N (1-based) of the monitoring window; null before T0 and after the window. */
  day: number | null;
  monitoringDays: number;
  readiness: { score: number; evaluatedAt: string } | null;
  health: {
    uptimePercent: number | null;
    errorRatePercent: number | null;
    newUsers: number | null;
    newUsersTarget: number | null;
    openIncidents: SeverityCounts;
  };
}

/** Filters and order of the portfolio. */
export interface PortfolioQuery {
  state?: LaunchState | undefined;
  venture?: string | undefined;
  q?: string | undefined;
  sort?: PortfolioSort | undefined;
}
export const portfolioSorts = ['t0', '-t0', 'venture', 'state', 'readiness', '-readiness'] as const;
export type PortfolioSort = (typeof portfolioSorts)[number];

type LaunchWithVenture = LaunchRow & { venture_name: string };

/**
 * Every launch matching the query, with its health computed at `now`.
 *
 * @example
 * const launches = await readPortfolio(db, clock.now(), { state: 'monitoring', sort: '-t0' });
 */
export async function readPortfolio(
  db: DbExecutor,
  now: Date,
  query: PortfolioQuery = {},
): Promise<PortfolioLaunch[]> {
  let select = db
    .selectFrom('launches')
    .innerJoin('ventures', 'ventures.id', 'launches.venture_id')
    .selectAll('launches')
    .select('ventures.name as venture_name');
  if (query.state) select = select.where('launches.state', '=', query.state);
  if (query.venture) select = select.where('launches.venture_id', '=', query.venture);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where((eb) =>
      eb.or([eb('ventures.id', 'ilike', pattern), eb('ventures.name', 'ilike', pattern)]),
    );
  }
  const rows = await select.orderBy('launches.t0', 'desc').execute();
  const launches = await Promise.all(rows.map((row) => portfolioLaunch(db, now, row)));
  return sortLaunches(launches, query.sort ?? '-t0');
}

/**
 * One launch as the portfolio shows it (null when there is no such launch).
 *
 * @example
 * const launch = await readPortfolioLaunch(db, clock.now(), id);
 */
export async function readPortfolioLaunch(
  db: DbExecutor,
  now: Date,
  launchId: string,
): Promise<PortfolioLaunch | null> {
  const row = await db
    .selectFrom('launches')
    .innerJoin('ventures', 'ventures.id', 'launches.venture_id')
    .selectAll('launches')
    .select('ventures.name as venture_name')
    .where('launches.id', '=', launchId)
    .executeTakeFirst();
  return row ? portfolioLaunch(db, now, row) : null;
}

/**
 * The new-user target at `now`: `gtm.users_month1` pro rata over the days since T0 (30-day
 * month, capped at the month), or null without a GTM target.
 *
 * @example
 * newUsersTargetAt(plan, t0, now); // 400 users/month, day 3 → 40
 */
export function newUsersTargetAt(plan: Partial<LaunchPlan>, t0: Date, now: Date): number | null {
  const month1 = plan.gtm?.users_month1;
  if (month1 === undefined) return null;
  const days = Math.min(30, Math.max(0, (now.getTime() - t0.getTime()) / day));
  return Math.round((month1 * days) / 30);
}

/**
 * Counts of open incidents per severity of a launch.
 *
 * @example
 * await openIncidentsBySeverity(db, launchId); // { P0: 0, P1: 1, P2: 0, P3: 0 }
 */
export async function incidentsBySeverity(
  db: DbExecutor,
  launchId: string,
  options: { openOnly: boolean },
): Promise<SeverityCounts> {
  const openOnly = options.openOnly ? sql`AND state <> 'resolved'` : sql``;
  const { rows } = await sql<{ severity: keyof SeverityCounts; count: string }>`
    SELECT severity, count(*) AS count FROM incidents
    WHERE launch_id = ${launchId}::uuid ${openOnly} GROUP BY severity
  `.execute(db);
  const counts: SeverityCounts = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const row of rows) counts[row.severity] = Number(row.count);
  return counts;
}

async function portfolioLaunch(
  db: DbExecutor,
  now: Date,
  row: LaunchWithVenture,
): Promise<PortfolioLaunch> {
  const plan = (row.plan ?? {}) as Partial<LaunchPlan>;
  const t0 = new Date(row.t0);
  const overrides = await db
    .selectFrom('parameter_overrides')
    .select(['name', 'value'])
    .where('launch_id', '=', row.id)
    .execute();
  const parameters = parameterValuesOf(
    resolveParameters({
      plan,
      overrides: Object.fromEntries(overrides.map((o) => [o.name, o.value])),
    }),
  );
  const monitoringDays = parameters.post_launch_monitoring;
  const sinceT0 = now.getTime() - t0.getTime();
  const dayNumber = Math.floor(sinceT0 / day) + 1;
  const started = sinceT0 >= 0;
  const [readiness, uptime, errorRate, newUsers, openIncidents] = await Promise.all([
    latestReadiness(db, row.id),
    started
      ? launchUptime(db, { launchId: row.id, from: new Date(now.getTime() - day), to: now })
      : null,
    started ? readErrorRate(db, { launchId: row.id, at: now, windowMs: errorRateWindowMs }) : null,
    started ? readNewUsers(db, { launchId: row.id, at: now, span: 'all' }) : null,
    incidentsBySeverity(db, row.id, { openOnly: true }),
  ]);
  return {
    id: row.id,
    ventureId: row.venture_id,
    ventureName: row.venture_name,
    state: row.state,
    phase: phaseOf(row.state, sinceT0),
    t0: t0.toISOString(),
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    day: started && dayNumber <= monitoringDays ? dayNumber : null,
    monitoringDays,
    readiness,
    health: {
      uptimePercent: uptime ?? null,
      errorRatePercent: errorRate?.value ?? null,
      newUsers: newUsers?.value ?? null,
      newUsersTarget: started ? newUsersTargetAt(plan, t0, now) : null,
      openIncidents,
    },
  };
}

function phaseOf(state: LaunchState, sinceT0: number): LaunchPhase {
  if (terminalStates.has(state)) return 'ended';
  if (sinceT0 < 0) return 'pre_launch';
  return sinceT0 < day ? 'launch_day' : 'post_launch';
}

async function latestReadiness(
  db: DbExecutor,
  launchId: string,
): Promise<PortfolioLaunch['readiness']> {
  const { rows } = await sql<{ score: string; evaluated_at: Date }>`
    SELECT score, evaluated_at FROM gate_reports WHERE launch_id = ${launchId}::uuid
    ORDER BY evaluated_at DESC LIMIT 1
  `.execute(db);
  const row = rows[0];
  return row ? { score: Number(row.score), evaluatedAt: row.evaluated_at.toISOString() } : null;
}

function sortLaunches(launches: PortfolioLaunch[], sort: PortfolioSort): PortfolioLaunch[] {
  const descending = sort.startsWith('-');
  const key = sort.replace('-', '') as 't0' | 'venture' | 'state' | 'readiness';
  const sortValue = (launch: PortfolioLaunch): string | number =>
    key === 'readiness'
      ? (launch.readiness?.score ?? -1)
      : key === 'venture'
        ? launch.ventureName.toLowerCase()
        : key === 'state'
          ? launch.state
          : launch.t0;
  return [...launches].sort((a, b) => {
    const [x, y] = [sortValue(a), sortValue(b)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
}
