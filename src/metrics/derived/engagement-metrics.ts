import { sql } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import { type MetricReading, noData } from '../metric-reader.ts';
import { hasTrackedEvents, launchT0 } from './launch-events.ts';
import { latestPushedValue, type SeriesWindow } from './pushed-series.ts';

const HOUR = 3_600_000;

/**
 * Tickets in the last hour: the latest pushed `tickets_per_hour` sample, else the number of
 * `Ticket Created` track events in the hour before `at` (0 only when the launch has sent
 * ticket events before; never any → no data).
 *
 * @example
 * const { value } = await readTicketsPerHour(db, { launchId, at, windowMs: 900_000 });
 */
export async function readTicketsPerHour(
  executor: DbExecutor,
  window: Omit<SeriesWindow, 'name'>,
): Promise<MetricReading> {
  const pushed = await latestPushedValue(executor, { ...window, name: 'tickets_per_hour' }, 'sum');
  if (pushed !== null) return { value: pushed };
  if (!(await hasTrackedEvents(executor, window.launchId, window.at, 'Ticket Created'))) {
    return noData('no tickets_per_hour samples and no Ticket Created events');
  }
  const { rows } = await sql<{ tickets: string }>`
    SELECT count(*) AS tickets FROM tracked_events
    WHERE launch_id = ${window.launchId}::uuid AND event = 'Ticket Created'
      AND ts > ${new Date(window.at.getTime() - HOUR).toISOString()}::timestamptz
      AND ts <= ${window.at.toISOString()}::timestamptz
  `.execute(executor);
  return { value: Number(rows[0]?.tickets ?? 0) };
}

/** Which email rate: opens or clicks per delivered message. */
export type EmailRate = 'open' | 'click';

/**
 * Email open or click rate in %: distinct messages opened (clicked) ÷ distinct messages
 * delivered since T0, from the signed SendGrid Event Webhook. Nothing delivered → no data.
 *
 * @example
 * const { value } = await readEmailRate(db, { launchId, at }, 'open');
 */
export async function readEmailRate(
  executor: DbExecutor,
  query: { launchId: string; at: Date },
  rate: EmailRate,
): Promise<MetricReading> {
  const t0 = await launchT0(executor, query.launchId);
  if (!t0) return noData(`no launch ${query.launchId}`);
  const { rows } = await sql<{ delivered: string; engaged: string }>`
    SELECT count(DISTINCT coalesce(sg_message_id, sg_event_id)) FILTER (WHERE event = 'delivered') AS delivered,
           count(DISTINCT coalesce(sg_message_id, sg_event_id)) FILTER (WHERE event = ${rate}) AS engaged
    FROM email_events
    WHERE launch_id = ${query.launchId}::uuid AND event IN ('delivered', ${rate})
      AND ts >= ${t0.toISOString()}::timestamptz AND ts <= ${query.at.toISOString()}::timestamptz
  `.execute(executor);
  const delivered = Number(rows[0]?.delivered ?? 0);
  if (delivered === 0) return noData('no delivered emails reported by the SendGrid webhook');
  return { value: (100 * Number(rows[0]?.engaged ?? 0)) / delivered };
}
