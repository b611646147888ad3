/**
 * Exit gates of the monitoring phase (SPEC §1 31.3), each pass/fail with its evidence:
 * - `data_coverage`: at least 7 days of dashboard data since the product went live (T0 when
 *   no live time is recorded) with no gap longer than 15 min. Data are the launch's probe results
 *   and the minutes of its 1-minute metric rollups (any metric); the largest gap is reported,
 *   counting the time from going live to the first point and from the last point to now.
 * - `incidents_resolved`: every P0/P1 incident of the launch resolved; open P2/P3 incidents do
 *   not block and are listed as the backlog.
 * - `feedback`: at least 50 feedback data points (tickets + survey answers + interviews).
 * - `test_alert`: at least one alert validated end to end — an alert delivery of the launch
 *   (ledger key `<launchId>:<rule>:<firedAt>:firing:<vendor>:<connector>`) in state `sent`, or an
 *   audit entry of the launch whose action starts with `alert.test` (a test alert confirmed).
 */
import { sql } from 'kysely';
import { recordTask } from '../../automation/automation-ledger.ts';
import type { Clock } from '../../clock/clock.ts';
import { feedbackDb } from '../../feedback/feedback-tables.ts';
import { withIncidentTables } from '../../incidents/incident-tables.ts';
import type { DbExecutor } from '../../store/database.ts';
import { findLaunchRow } from '../launch-service.ts';

/** The thresholds of the exit gates. */
export const exitGateThresholds = {
  coverageDays: 7,
  maxGapMinutes: 15,
  minFeedbackDataPoints: 50,
} as const;

export type ExitGateId = 'data_coverage' | 'incidents_resolved' | 'feedback' | 'test_alert';

/** One exit gate's outcome. */
export interface ExitGate {
  id: ExitGateId;
  passed: boolean;
  /** One line for people: what was found against what is needed. */
  detail: string;
  evidence: Record<string, unknown>;
}

/** All exit gates of a launch; `passed` when every gate passed. */
export interface ExitGateReport {
  launchId: string;
  evaluatedAt: string;
  passed: boolean;
  gates: ExitGate[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Evaluates the exit gates of a launch at the clock's time and records the `exit_gates` task
 * (automatic) in the automation ledger.
 *
 * @example
 * const report = await evaluateExitGates(db, clock, launchId);
 * if (report.passed) { … LAUNCH-004 … }
 */
export async function evaluateExitGates(
  db: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<ExitGateReport> {
  const launch = await findLaunchRow(db, launchId);
  const now = clock.now();
  const liveAt = launch.live_at ?? launch.t0;
  const gates = [
    await dataCoverageGate(db, launchId, liveAt, now),
    await incidentsGate(db, launchId),
    await feedbackGate(db, launchId),
    await testAlertGate(db, launchId),
  ];
  const passed = gates.every((gate) => gate.passed);
  await recordTask(db, clock, {
    launchId,
    task: 'exit_gates',
    subject: launchId,
    mode: 'automatic',
    actor: 'system:launchcrew',
    detail: { passed, failed: gates.filter((g) => !g.passed).map((g) => g.id) },
  });
  return { launchId, evaluatedAt: now.toISOString(), passed, gates };
}

async function dataCoverageGate(
  db: DbExecutor,
  launchId: string,
  from: Date,
  to: Date,
): Promise<ExitGate> {
  const { coverageDays, maxGapMinutes } = exitGateThresholds;
  const days = Math.max(0, (to.getTime() - from.getTime()) / DAY);
  const { rows } = await sql<{ points: string; gap_from: Date | null; gap_to: Date | null }>`
    WITH points AS (
      SELECT at AS t FROM probe_results
      WHERE launch_id = ${launchId}::uuid AND at >= ${from} AND at <= ${to}
      UNION
      SELECT minute FROM metric_rollup_1m
      WHERE launch_id = ${launchId}::uuid AND minute >= date_trunc('minute', ${from}::timestamptz)
        AND minute <= ${to}
    ), bounded AS (
      SELECT t FROM points UNION SELECT ${from}::timestamptz UNION SELECT ${to}::timestamptz
    ), gaps AS (
      SELECT lag(t) OVER (ORDER BY t) AS gap_from, t AS gap_to FROM bounded
    )
    SELECT (SELECT count(*) FROM points) AS points, gap_from, gap_to
    FROM gaps WHERE gap_from IS NOT NULL
    ORDER BY gap_to - gap_from DESC, gap_from LIMIT 1
  `.execute(db);
  const row = rows[0];
  const gapMinutes = row?.gap_from && row.gap_to ? minutesBetween(row.gap_from, row.gap_to) : 0;
  const largestGap = row?.gap_from
    ? {
        from: new Date(row.gap_from).toISOString(),
        to: new Date(row.gap_to ?? to).toISOString(),
        minutes: gapMinutes,
      }
    : null;
  const enoughDays = days >= coverageDays;
  const noGap = gapMinutes <= maxGapMinutes;
  const problems = [
    enoughDays ? '' : `only ${round(days)} of ${coverageDays} days since going live`,
    noGap
      ? ''
      : `a ${gapMinutes}-minute gap from ${largestGap?.from} to ${largestGap?.to} (at most ${maxGapMinutes})`,
  ].filter(Boolean);
  return {
    id: 'data_coverage',
    passed: enoughDays && noGap,
    detail:
      problems.length === 0
        ? `${round(days)} days of data since going live; largest gap ${gapMinutes} min`
        : problems.join('; '),
    evidence: {
      from: from.toISOString(),
      to: to.toISOString(),
      days: round(days),
      dataPoints: Number(row?.points ?? 0),
      largestGap,
    },
  };
}

/**
 * The launch's incidents not yet resolved, most severe first, then oldest first.
 *
 * @example
 * const open = await openIncidentsOf(db, launchId); // [{ id, severity: 'P1', state, title, opened_at }]
 */
export function openIncidentsOf(db: DbExecutor, launchId: string) {
  return withIncidentTables(db)
    .selectFrom('incidents')
    .select(['id', 'severity', 'state', 'title', 'opened_at'])
    .where('launch_id', '=', launchId)
    .where('state', '<>', 'resolved')
    .orderBy('severity')
    .orderBy('opened_at')
    .execute();
}

async function incidentsGate(db: DbExecutor, launchId: string): Promise<ExitGate> {
  const open = await openIncidentsOf(db, launchId);
  const view = (incident: (typeof open)[number]) => ({
    id: incident.id,
    severity: incident.severity,
    state: incident.state,
    title: incident.title,
    openedAt: incident.opened_at.toISOString(),
  });
  const blocking = open.filter((i) => i.severity === 'P0' || i.severity === 'P1').map(view);
  const backlog = open.filter((i) => i.severity === 'P2' || i.severity === 'P3').map(view);
  return {
    id: 'incidents_resolved',
    passed: blocking.length === 0,
    detail:
      blocking.length === 0
        ? `no open P0/P1 incident; ${backlog.length} P2/P3 in the backlog`
        : `${blocking.length} open P0/P1 incident(s): ${blocking.map((i) => `${i.severity} "${i.title}" (${i.state})`).join(', ')}`,
    evidence: { blocking, backlog },
  };
}

async function feedbackGate(db: DbExecutor, launchId: string): Promise<ExitGate> {
  const { count } = await feedbackDb(db)
    .selectFrom('feedback_items')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('launch_id', '=', launchId)
    .executeTakeFirstOrThrow();
  const dataPoints = Number(count);
  const needed = exitGateThresholds.minFeedbackDataPoints;
  return {
    id: 'feedback',
    passed: dataPoints >= needed,
    detail: `${dataPoints} feedback data point(s) (tickets, survey answers, interviews); at least ${needed} needed`,
    evidence: { dataPoints, needed },
  };
}

async function testAlertGate(db: DbExecutor, launchId: string): Promise<ExitGate> {
  const delivery = await db
    .selectFrom('deliveries')
    .select(['key', 'channel', 'sent_at'])
    .where('launch_id', '=', launchId)
    .where('state', '=', 'sent')
    .where('key', 'like', `${launchId}:%:firing:%`)
    .orderBy('sent_at')
    .executeTakeFirst();
  const audit = delivery
    ? undefined
    : await db
        .selectFrom('audit_log')
        .select(['action', 'at', 'actor'])
        .where('launch_id', '=', launchId)
        .where('action', 'like', 'alert.test%')
        .orderBy('id')
        .executeTakeFirst();
  const evidence = delivery
    ? {
        delivery: {
          key: delivery.key,
          channel: delivery.channel,
          sentAt: delivery.sent_at?.toISOString() ?? null,
        },
      }
    : audit
      ? { audit: { action: audit.action, actor: audit.actor, at: audit.at.toISOString() } }
      : {};
  return {
    id: 'test_alert',
    passed: delivery !== undefined || audit !== undefined,
    detail: delivery
      ? `alert delivered on ${delivery.channel} (${delivery.key})`
      : audit
        ? `test alert confirmed (${audit.action} by ${audit.actor})`
        : 'no alert of this launch was delivered and no test alert was confirmed',
    evidence,
  };
}

function minutesBetween(from: Date, to: Date): number {
  return round((new Date(to).getTime() - new Date(from).getTime()) / MINUTE);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
