/**
 * One client's Server-Sent Events stream: replay after `Last-Event-ID`, then live events from
 * the hub, a heartbeat comment every 15 s, cleanup on disconnect (ADR 0010).
 */
import type { SSEStreamingApi } from 'hono/streaming';
import type { DbExecutor } from '../store/database.ts';
import type { LiveEventHub } from './live-event-hub.ts';
import {
  type LiveEvent,
  type LiveEventFilter,
  matchesFilter,
  readEventsAfter,
} from './live-event-store.ts';

/** Most events replayed on resume; more missed → one `reset` event and the client refetches. */
export const maxReplayEvents = 5000;
/** Interval of the `: heartbeat` comment that keeps proxies from closing an idle stream. */
export const heartbeatMs = 15_000;

/** What one stream sends. */
export interface EventStreamRequest {
  filter: LiveEventFilter;
  /** The last event id the client has (Last-Event-ID); undefined: live only. */
  since: number | undefined;
}

/**
 * Formats one event as an SSE frame: `id`, `event`, `data` (one JSON line), blank line.
 *
 * @example
 * sseFrame({ id: 7, kind: 'audit', … }); // 'id: 7\nevent: audit\ndata: {"id":7,…}\n\n'
 */
export function sseFrame(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Runs a stream until the client goes away.
 *
 * @example
 * return streamSSE(c, (stream) => runEventStream(stream, { db, hub }, { filter, since }));
 */
export async function runEventStream(
  stream: SSEStreamingApi,
  deps: { db: DbExecutor; hub: LiveEventHub },
  request: EventStreamRequest,
): Promise<void> {
  const pending: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const subscription = await deps.hub.subscribe(
    (event) => {
      if (!matchesFilter(event, request.filter)) return;
      pending.push(event);
      wake?.();
    },
    () => {
      stream.abort();
      wake?.();
    },
  );
  stream.onAbort(() => {
    subscription.unsubscribe();
    wake?.();
  });
  try {
    await stream.write('retry: 1000\n\n');
    let sentUpTo = request.since ?? subscription.cursor;
    const replayed = new Set<number>();
    if (request.since !== undefined && request.since < subscription.cursor) {
      const missed = await readEventsAfter(deps.db, {
        after: request.since,
        upTo: subscription.cursor,
        filter: request.filter,
        limit: maxReplayEvents + 1,
      });
      if (missed.length > maxReplayEvents) {
        const data = { reason: 'too_many_missed', lastEventId: subscription.cursor };
        await stream.write(
          `id: ${subscription.cursor}\nevent: reset\ndata: ${JSON.stringify(data)}\n\n`,
        );
      } else {
        for (const event of missed) {
          replayed.add(event.id);
          await stream.write(sseFrame(event));
        }
      }
      sentUpTo = subscription.cursor;
    }
    while (!stream.aborted && !stream.closed) {
      for (let event = pending.shift(); event; event = pending.shift()) {
        // Live events come in id order; a late commit (below the cursor) is sent unless replayed.
        const isNew = event.id > sentUpTo;
        if (!isNew && replayed.has(event.id)) continue;
        if (isNew) sentUpTo = event.id;
        await stream.write(sseFrame(event));
      }
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = null;
      if (!woken && !stream.aborted) await stream.write(': heartbeat\n\n');
    }
  } finally {
    subscription.unsubscribe();
  }
}
