/** Data of a launch's monitoring phase for the exit-gate and handoff tests, written to the store. */
import { type Clock, SimulatedClock } from '../../../clock/clock.ts';
import { recordFeedback } from '../../../feedback/feedback-record.ts';
import { type Severity, withIncidentTables } from '../../../incidents/incident-tables.ts';
import { insertSamples, type MetricSample } from '../../../metrics/samples/sample-store.ts';
import type { Db } from '../../../store/database.ts';
import type { LaunchState } from '../../../store/schema.ts';
import { createLaunch } from '../../launch-service.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Writes `error_rate` samples every `everyMinutes` from `from` for `days`, skipping
 * `[gap.from, gap.from + gap.minutes)`.
 *
 * @example
 * await seedMetricData(db, launchId, t0, { days: 7, gap: { from: t0Plus3d, minutes: 20 } });
 */
export async function seedMetricData(
  db: Db,
  launchId: string,
  from: Date,
  options: { days: number; everyMinutes?: number; gap?: { from: Date; minutes: number } },
): Promise<void> {
  const every = (options.everyMinutes ?? 5) * MINUTE;
  const end = from.getTime() + options.days * 24 * 60 * MINUTE;
  const samples: MetricSample[] = [];
  for (let ts = from.getTime(); ts <= end; ts += every) {
    const gap = options.gap;
    if (gap && ts >= gap.from.getTime() && ts < gap.from.getTime() + gap.minutes * MINUTE) continue;
    const value = (ts / every) % 10 === 0 ? 0.02 : 0.01;
    samples.push({ name: 'error_rate', labels: {}, value, ts: new Date(ts) });
  }
  for (let i = 0; i < samples.length; i += 2000) {
    await insertSamples(db, launchId, samples.slice(i, i + 2000));
  }
}

/**
 * Opens an incident of `severity` (resolved when `resolvedAt` is given).
 *
 * @example
 * await seedIncident(db, launchId, { severity: 'P1', title: 'Checkout 5xx', openedAt });
 */
export async function seedIncident(
  db: Db,
  launchId: string,
  incident: {
    severity: Severity;
    title: string;
    openedAt: Date;
    resolvedAt?: Date;
    triggerId?: string;
  },
): Promise<string> {
  const row = await withIncidentTables(db)
    .insertInto('incidents')
    .values({
      launch_id: launchId,
      trigger_id: incident.triggerId ?? `LAUNCH-001-${incident.title}`,
      rule_id: 'LAUNCH-001.rollback_uptime',
      state: incident.resolvedAt ? 'resolved' : 'triggered',
      severity: incident.severity,
      severity_reason: 'test',
      classification: JSON.stringify({}),
      title: incident.title,
      pagerduty_dedup_keys: JSON.stringify([]),
      opened_at: incident.openedAt,
      resolved_at: incident.resolvedAt ?? null,
      updated_at: incident.resolvedAt ?? incident.openedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records `count` feedback items (tickets about login or export, and survey answers).
 *
 * @example
 * await seedFeedback(db, clock, launchId, 50);
 */
export async function seedFeedback(
  db: Db,
  clock: Clock,
  launchId: string,
  count: number,
): Promise<void> {
  const items = Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { kind: 'survey', external_id: `s-${i}`, nps_score: i % 4 === 0 ? 10 : 6 }
      : {
          kind: 'ticket',
          external_id: `t-${i}`,
          text: i % 3 === 0 ? 'Login fails' : 'Export is slow',
        },
  );
  await recordFeedback(db, clock, launchId, items);
}

/**
 * Records an alert delivery of the launch in `state` (the alert router's ledger key).
 *
 * @example
 * await seedAlertDelivery(db, launchId, 'sent', at);
 */
export async function seedAlertDelivery(
  db: Db,
  launchId: string,
  state: 'sent' | 'failed',
  at: Date,
): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      key: `${launchId}:LAUNCH-001.rollback_uptime:${at.toISOString()}:firing:slack:team-chat`,
      launch_id: launchId,
      channel: 'slack',
      state,
      request: JSON.stringify({}),
      created_at: at,
      updated_at: at,
      sent_at: state === 'sent' ? at : null,
    })
    .execute();
}

/**
 * The monitoring week of a launch that meets every exit gate: 7 days of metric data from `t0`,
 * a P1 incident resolved within its first hours, a P2 still open from day 1, 50 feedback items.
 *
 * @example
 * await seedCompleteMonitoring(db, clock, launchId, t0);
 */
export async function seedCompleteMonitoring(
  db: Db,
  clock: Clock,
  launchId: string,
  t0: Date,
): Promise<void> {
  await seedMetricData(db, launchId, t0, { days: 7 });
  await seedIncident(db, launchId, {
    severity: 'P1',
    title: 'API 5xx',
    openedAt: new Date(t0.getTime() + HOUR),
    resolvedAt: new Date(t0.getTime() + 2 * HOUR),
  });
  await seedIncident(db, launchId, {
    severity: 'P2',
    title: 'Slow search',
    openedAt: new Date(t0.getTime() + 24 * HOUR),
  });
  await seedFeedback(db, clock, launchId, 50);
}

/**
 * Creates a launch of `planYaml` (on 2026-01-20) and moves it to `state`, live since `liveAt`
 * (and ended at `endedAt`); returns its id.
 *
 * @example
 * const launchId = await createLiveLaunch(db, samplePlanYaml, { state: 'monitoring', liveAt: t0 });
 */
export async function createLiveLaunch(
  db: Db,
  planYaml: string,
  fields: { state: LaunchState; liveAt: Date; endedAt?: Date | null },
): Promise<string> {
  const created = new SimulatedClock(new Date('2026-01-20T09:00:00Z'));
  const { launch } = await createLaunch({ db, clock: created }, { planYaml, actor: 'test' });
  await db
    .updateTable('launches')
    .set({
      state: fields.state,
      live_at: fields.liveAt,
      ...(fields.endedAt === undefined ? {} : { ended_at: fields.endedAt }),
    })
    .where('id', '=', launch.id)
    .execute();
  return launch.id;
}
