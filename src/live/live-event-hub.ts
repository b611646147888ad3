/**
 * One `LISTEN launchcrew_live` connection per process, shared by every live stream: a
 * notification wakes the hub, which reads the new outbox rows once and hands each to every
 * subscriber, in id order (ADR 0010).
 */
import pg from 'pg';
import type { Db } from '../store/database.ts';
import { type LiveEvent, latestEventId, readEventsAfter } from './live-event-store.ts';

/** The notification channel the outbox triggers of migration 0015 notify. */
export const liveChannel = 'launchcrew_live';

const batchSize = 1000;

/** Options of a hub; the defaults suit production. */
export interface LiveEventHubOptions {
  db: Db;
  /** Connection URL for the dedicated LISTEN connection (credentials: never log it). */
  url: string;
  /** How long a hole in the id sequence (a transaction still committing) holds delivery back. */
  gapWaitMs?: number;
  /** Safety read of the outbox even without notifications (a lost notification, a hole). */
  pollMs?: number;
  /** Wait before reconnecting a dropped LISTEN connection. */
  reconnectMs?: number;
}

/** A subscription: events after `cursor` go to the listener until `unsubscribe()`. */
export interface LiveSubscription {
  /** Every event with an id ≤ cursor was delivered before the subscription began. */
  cursor: number;
  unsubscribe(): void;
}

/**
 * The in-process fan-out of live events. The LISTEN connection opens with the first subscriber
 * and closes with the last; a dropped connection is reopened and the hub catches up from its
 * cursor, so nothing committed in between is lost.
 *
 * @example
 * const hub = new LiveEventHub({ db: store.db, url: store.url });
 * const subscription = await hub.subscribe((event) => send(event));
 * subscription.unsubscribe();
 */
export class LiveEventHub {
  readonly #options: Required<LiveEventHubOptions>;
  /** Each subscriber's listener and what ends its stream when the hub closes. */
  readonly #listeners = new Map<(event: LiveEvent) => void, () => void>();
  #client: pg.Client | null = null;
  #starting: Promise<void> | null = null;
  #cursor: number | null = null;
  /** Ids skipped after waiting for them, with when: delivered if they commit late. */
  readonly #skipped = new Map<number, number>();
  #gap: { id: number; seenAt: number } | null = null;
  #reading = false;
  #readAgain = false;
  #poll: NodeJS.Timeout | null = null;

  constructor(options: LiveEventHubOptions) {
    this.#options = { gapWaitMs: 2000, pollMs: 5000, reconnectMs: 1000, ...options };
  }

  /** Number of current subscribers. */
  get subscriberCount(): number {
    return this.#listeners.size;
  }

  /**
   * Delivers every event committed from now on to `listener`, in id order; `onClose` runs when
   * the hub closes (the process shuts down) so the stream can end.
   *
   * @example
   * const { cursor, unsubscribe } = await hub.subscribe((event) => queue.push(event), () => stream.abort());
   */
  async subscribe(
    listener: (event: LiveEvent) => void,
    onClose: () => void = () => {},
  ): Promise<LiveSubscription> {
    await this.#start();
    this.#listeners.set(listener, onClose);
    return {
      cursor: this.#cursor ?? 0,
      unsubscribe: () => {
        if (this.#listeners.delete(listener) && this.#listeners.size === 0) {
          // Idle: the next first subscriber starts from the newest event (resumes replay).
          this.#stop();
          this.#cursor = null;
        }
      },
    };
  }

  /**
   * Closes the LISTEN connection and ends every subscriber's stream.
   *
   * @example
   * await hub.close();
   */
  async close(): Promise<void> {
    const closing = [...this.#listeners.values()];
    this.#listeners.clear();
    for (const onClose of closing) onClose();
    this.#stop();
    this.#cursor = null;
  }

  #start(): Promise<void> {
    this.#starting ??= this.#connect().catch((error: unknown) => {
      this.#starting = null;
      throw error;
    });
    return this.#starting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      application_name: 'launchcrew-live',
    });
    client.on('notification', () => void this.#read());
    client.on('error', () => this.#dropped(client));
    client.on('end', () => this.#dropped(client));
    await client.connect();
    await client.query(`LISTEN ${liveChannel}`);
    this.#client = client;
    if (this.#cursor === null) this.#cursor = await latestEventId(this.#options.db);
    else void this.#read();
    this.#poll ??= setInterval(() => void this.#read(), this.#options.pollMs);
    this.#poll.unref();
  }

  #stop(): void {
    const client = this.#client;
    this.#client = null;
    this.#starting = null;
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
    if (client) client.end().catch(() => {});
  }

  #dropped(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#stop();
    client.removeAllListeners('notification');
    if (this.#listeners.size > 0) this.#reconnectLater();
  }

  #reconnectLater(): void {
    setTimeout(() => {
      if (this.#listeners.size === 0 || this.#starting !== null) return;
      this.#start().catch(() => this.#reconnectLater());
    }, this.#options.reconnectMs).unref();
  }

  /** Reads new rows once at a time (a notification during a read triggers one more read). */
  async #read(): Promise<void> {
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#reading = true;
    try {
      do {
        this.#readAgain = false;
        await this.#readBatch();
      } while (this.#readAgain && this.#client);
    } catch {
      // The connection dropped mid-read: the reconnect catches up from the cursor.
    } finally {
      this.#reading = false;
    }
  }

  async #readBatch(): Promise<void> {
    if (this.#cursor === null) return;
    const late = [...this.#skipped.keys()];
    const [events, lateEvents] = await Promise.all([
      readEventsAfter(this.#options.db, { after: this.#cursor, limit: batchSize }),
      late.length > 0
        ? readEventsAfter(this.#options.db, { ids: late, after: 0, limit: batchSize })
        : [],
    ]);
    for (const event of lateEvents) {
      this.#skipped.delete(event.id);
      this.#deliver(event);
    }
    const now = Date.now();
    for (const [id, skippedAt] of this.#skipped)
      if (now - skippedAt > 60_000) this.#skipped.delete(id);
    for (const event of events) {
      const expected = this.#cursor + 1;
      if (event.id > expected) {
        if (this.#gap?.id !== expected) this.#gap = { id: expected, seenAt: now };
        if (now - this.#gap.seenAt < this.#options.gapWaitMs) {
          setTimeout(() => void this.#read(), 50).unref();
          return;
        }
        for (let id = expected; id < Math.min(event.id, expected + batchSize); id++) {
          this.#skipped.set(id, now);
        }
      }
      this.#gap = null;
      this.#cursor = event.id;
      this.#deliver(event);
    }
    if (events.length === batchSize) this.#readAgain = true;
  }

  #deliver(event: LiveEvent): void {
    for (const listener of this.#listeners.keys()) {
      try {
        listener(event);
      } catch {
        // One broken stream must not starve the others.
      }
    }
  }
}
