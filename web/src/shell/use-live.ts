import { useEffect, useRef, useState } from 'react';
import { openEventStream, type StreamStatus } from '../api/event-stream.ts';
import type { LiveEvent } from '../api/types.ts';

/**
 * Follows `GET /v1/events` (with `query`) from `since` — the `lastEventId` of the REST answer
 * the view was built from, so nothing between the load and the stream is missed. Starts once
 * `since` is known; `onEvent` may change between renders.
 *
 * @example
 * const status = useLiveEvents(token, `launch=${id}`, summary.data?.lastEventId ?? null, refresh);
 */
export function useLiveEvents(
  token: string,
  query: string,
  since: number | null,
  onEvent: (event: LiveEvent) => void,
): StreamStatus | 'off' {
  const [status, setStatus] = useState<StreamStatus | 'off'>('off');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const started = since !== null;
  const sinceRef = useRef(since);
  sinceRef.current = since;

  useEffect(() => {
    if (!started) return;
    const stream = openEventStream({
      url: query ? `/v1/events?${query}` : '/v1/events',
      token,
      lastEventId: sinceRef.current,
      onEvent: (event) => handler.current(event),
      onStatus: setStatus,
    });
    return () => stream.close();
  }, [token, query, started]);
  return status;
}
