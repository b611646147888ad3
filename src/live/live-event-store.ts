/** The live-events outbox (migration 0015): its table, the event shape and the reads. */
import type { ColumnType, Selectable } from 'kysely';
import type { DbExecutor } from '../store/database.ts';

/** What an event is about; `reset` is sent by the stream itself, never stored. */
export const liveEventKinds = [
  'audit',
  'launch',
  'incident',
  'trigger',
  'runbook',
  'approval',
  'activation',
  'sample',
] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];

export interface LiveEventTable {
  /** bigserial: pg returns it as a string. */
  id: ColumnType<string, never, never>;
  launch_id: string | null;
  venture_id: string | null;
  kind: LiveEventKind;
  payload: ColumnType<Record<string, unknown>, string, string>;
  at: ColumnType<Date, never, never>;
}
export type LiveEventRow = Selectable<LiveEventTable>;

/** An event as the stream sends it (the JSON of its `data:` line). */
export interface LiveEvent {
  id: number;
  kind: LiveEventKind;
  launchId: string | null;
  ventureId: string | null;
  at: string;
  payload: Record<string, unknown>;
}

/** Which events a stream wants: one launch's (samples included) or the portfolio's (no samples). */
export interface LiveEventFilter {
  launchId?: string | undefined;
}

/**
 * Whether `event` belongs on a stream with `filter`.
 *
 * @example
 * matchesFilter(event, { launchId }); // only that launch's events
 * matchesFilter(event, {}); // every launch, samples excluded
 */
export function matchesFilter(event: LiveEvent, filter: LiveEventFilter): boolean {
  return filter.launchId ? event.launchId === filter.launchId : event.kind !== 'sample';
}

/**
 * The executor typed with `live_events` as well.
 *
 * @example
 * await liveEventsDb(db).selectFrom('live_events').selectAll().execute();
 */
export function liveEventsDb(executor: DbExecutor) {
  return executor.withTables<{ live_events: LiveEventTable }>();
}

/**
 * Maps a stored row to the event the stream sends.
 *
 * @example
 * const events = rows.map(toLiveEvent);
 */
export function toLiveEvent(row: LiveEventRow): LiveEvent {
  return {
    id: Number(row.id),
    kind: row.kind,
    launchId: row.launch_id,
    ventureId: row.venture_id,
    at: new Date(row.at).toISOString(),
    payload: row.payload,
  };
}

/**
 * Stored events with `after < id ≤ upTo` (when given; only `ids` when given), oldest first,
 * matching `filter`, at most `limit`.
 *
 * @example
 * const missed = await readEventsAfter(db, { after: 120, filter: { launchId }, limit: 5001 });
 */
export async function readEventsAfter(
  executor: DbExecutor,
  query: { after: number; upTo?: number; ids?: number[]; filter?: LiveEventFilter; limit: number },
): Promise<LiveEvent[]> {
  let select = liveEventsDb(executor)
    .selectFrom('live_events')
    .selectAll()
    .where('id', '>', String(query.after));
  if (query.ids) select = select.where('id', 'in', query.ids.map(String));
  if (query.upTo !== undefined) select = select.where('id', '<=', String(query.upTo));
  if (query.filter?.launchId) select = select.where('launch_id', '=', query.filter.launchId);
  else if (query.filter) select = select.where('kind', '<>', 'sample');
  const rows = await select.orderBy('id').limit(query.limit).execute();
  return rows.map(toLiveEvent);
}

/**
 * The newest stored event id, 0 when there is none.
 *
 * @example
 * const since = await latestEventId(db);
 */
export async function latestEventId(executor: DbExecutor): Promise<number> {
  const row = await liveEventsDb(executor)
    .selectFrom('live_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
