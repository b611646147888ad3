import type { LiveEvent } from './types.ts';

/** One server-sent event frame. */
export interface EventFrame {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A parser of the `text/event-stream` format: feed it decoded chunks, it calls `onFrame` for
 * every complete frame (comments such as `: heartbeat` and `retry:` lines are skipped).
 *
 * @example
 * const push = createFrameParser((frame) => console.log(frame.id, frame.data));
 * push('id: 3\nevent: sample\ndata: {}\n\n');
 */
export function createFrameParser(onFrame: (frame: EventFrame) => void): (chunk: string) => void {
  let buffer = '';
  let id: string | null = null;
  let event = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onFrame({ id, event: event || 'message', data: data.join('\n') });
      id = null;
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    let end = buffer.search(/\r\n|\r|\n/);
    while (end !== -1) {
      const breakLength = buffer.startsWith('\r\n', end) ? 2 : 1;
      if (buffer[end] === '\r' && end === buffer.length - 1) break; // maybe half of \r\n
      line(buffer.slice(0, end));
      buffer = buffer.slice(end + breakLength);
      end = buffer.search(/\r\n|\r|\n/);
    }
  };
}

/** Connection state of a live stream. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface EventStreamOptions {
  /** `/v1/events` with its query. */
  url: string;
  token: string;
  /** Resume after this event id (the `lastEventId` of the REST answer the view started from). */
  lastEventId: number | null;
  onEvent(event: LiveEvent): void;
  onStatus?(status: StreamStatus): void;
  /** Backoff of reconnections: doubles from `minDelayMs` up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** A running live stream. */
export interface EventStream {
  close(): void;
  /** The id of the last event received (null before the first). */
  lastEventId(): number | null;
}

/**
 * Opens `GET /v1/events` with fetch (so the token goes in the Authorization header), parses
 * the frames, remembers the last `id:` and reconnects after a dropped connection with
 * `Last-Event-ID`, waiting 1 s, 2 s, 4 s … up to 10 s between failed attempts.
 *
 * @example
 * const stream = openEventStream({ url: '/v1/events', token, lastEventId: 0, onEvent: refresh });
 * stream.close();
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const { minDelayMs = 1000, maxDelayMs = 10_000 } = options;
  const controller = new AbortController();
  let lastId = options.lastEventId;
  let closed = false;

  const connectOnce = async () => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      accept: 'text/event-stream',
    };
    if (lastId !== null) headers['last-event-id'] = String(lastId);
    const response = await fetch(options.url, {
      headers,
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
    options.onStatus?.('live');
    const push = createFrameParser((frame) => {
      if (frame.id !== null && /^\d+$/.test(frame.id)) lastId = Number(frame.id);
      const event = parseEvent(frame);
      if (event) options.onEvent(event);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      push(value);
    }
  };

  const run = async () => {
    let failures = 0;
    options.onStatus?.('connecting');
    while (!closed) {
      try {
        await connectOnce();
        failures = 0; // the stream was up and ended: the server dropped it
      } catch {
        if (closed) return;
        failures += 1;
      }
      if (closed) return;
      options.onStatus?.('reconnecting');
      await sleep(Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, failures - 1)));
    }
  };
  void run();

  return {
    close() {
      closed = true;
      controller.abort();
    },
    lastEventId: () => lastId,
  };
}

function parseEvent(frame: EventFrame): LiveEvent | null {
  try {
    const parsed = JSON.parse(frame.data) as Partial<LiveEvent>;
    if (frame.event === 'reset') {
      return {
        id: Number(frame.id ?? 0),
        kind: 'reset',
        launchId: null,
        ventureId: null,
        at: new Date().toISOString(),
        payload: parsed as Record<string, unknown>,
      };
    }
    return typeof parsed.kind === 'string' ? (parsed as LiveEvent) : null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
