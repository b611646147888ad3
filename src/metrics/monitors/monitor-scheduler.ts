/**
 * One scheduler for every monitor of every active launch: a min-heap of next due times on the
 * injected Clock (no timer per monitor), a stable spread start offset per monitor (jitter) so
 * thousands of 30 s monitors do not fire in the same second, bounded probe concurrency, and
 * results written to PostgreSQL in batches.
 *
 * In real time `startMonitorScheduler` polls the heap every `tickMs`; tests and simulations call
 * `runDue(now)` (or `runUntil`) on a SimulatedClock and get the same behaviour.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, SimulatedClock } from '../../clock/clock.ts';
import type { Db } from '../../store/database.ts';
import { loadActiveMonitors } from './launch-monitors.ts';
import { MinHeap } from './min-heap.ts';
import type { MonitorSpec, ProbeOutcome } from './monitor-spec.ts';
import { type MonitorState, nextMonitorState } from './monitor-status.ts';
import {
  loadMonitorStates,
  type ProbeRecord,
  recordProbeResults,
  stateKey,
} from './monitor-store.ts';
import { runProbe } from './probe.ts';
import { acquireSchedulerLease, releaseSchedulerLease } from './scheduler-lease.ts';

/** What the scheduler needs. `probe` defaults to the real HTTP/TCP probes. */
export interface MonitorSchedulerOptions {
  db: Db;
  clock: Clock;
  /** Probes running at the same time, at most (default 256). */
  concurrency?: number;
  /** How often the set of monitors is re-read from the launches (default 30 s of clock time). */
  refreshMs?: number;
  probe?: (spec: MonitorSpec) => Promise<ProbeOutcome>;
  onError?: (error: unknown) => void;
}

interface Entry {
  spec: MonitorSpec;
  dueAt: number;
  /** Renewed (scheduler-wide counter) at each reschedule; heap items of older ones are skipped. */
  version: number;
  running: boolean;
}

/**
 * The spread start offset of a monitor in `[0, intervalMs)`: a hash of its launch and id, so it
 * is stable across restarts and uniform over the interval.
 *
 * @example
 * jitterOffsetMs('launch-uuid', 'homepage', 30_000); // e.g. 17_342
 */
export function jitterOffsetMs(launchId: string, monitorId: string, intervalMs: number): number {
  const digest = createHash('sha256').update(`${launchId}/${monitorId}`).digest();
  return digest.readUInt32BE(0) % intervalMs;
}

/**
 * Schedules and runs the probes of all active launches.
 *
 * @example
 * const scheduler = new MonitorScheduler({ db, clock });
 * await scheduler.runDue(clock.now()); // probes every monitor due now, stores the results
 */
export class MonitorScheduler {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #refreshMs: number;
  readonly #probe: (spec: MonitorSpec) => Promise<ProbeOutcome>;
  readonly #onError: (error: unknown) => void;
  #heap = new MinHeap<{ key: string; version: number }>();
  readonly #entries = new Map<string, Entry>();
  readonly #states = new Map<string, MonitorState>();
  readonly #waiting: Array<() => void> = [];
  #active = 0;
  #versions = 0;
  #buffer: ProbeRecord[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #refreshedAt = Number.NEGATIVE_INFINITY;

  constructor(options: MonitorSchedulerOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#concurrency = options.concurrency ?? 256;
    this.#refreshMs = options.refreshMs ?? 30_000;
    this.#probe = options.probe ?? ((spec) => runProbe(spec.target, { timeoutMs: spec.timeoutMs }));
    this.#onError = options.onError ?? (() => {});
  }

  /** How many monitors are scheduled. */
  get size(): number {
    return this.#entries.size;
  }

  /** The earliest due time, or null when no monitor is scheduled. */
  nextDueAt(): Date | null {
    this.#dropStale();
    const top = this.#heap.peek();
    return top ? new Date(top.key) : null;
  }

  /** The due time of one monitor, or null when it is not scheduled. */
  dueAtOf(launchId: string, monitorId: string): Date | null {
    const entry = this.#entries.get(stateKey(launchId, monitorId));
    return entry ? new Date(entry.dueAt) : null;
  }

  /**
   * Re-reads the active monitors: new ones start at `now` + their jitter offset, changed ones
   * keep their phase, ones whose launch ended or whose `run_until` passed are dropped.
   */
  async refresh(now: Date): Promise<void> {
    this.#refreshedAt = now.getTime();
    const specs = await loadActiveMonitors(this.#db, now, (launchId, message) =>
      this.#onError(new Error(`launch ${launchId}: monitors skipped: ${message}`)),
    );
    const keys = new Set<string>();
    const newLaunches = new Set<string>();
    for (const spec of specs) {
      const key = stateKey(spec.launchId, spec.monitorId);
      keys.add(key);
      const entry = this.#entries.get(key);
      if (entry) {
        entry.spec = spec;
        continue;
      }
      newLaunches.add(spec.launchId);
      const dueAt = now.getTime() + jitterOffsetMs(spec.launchId, spec.monitorId, spec.intervalMs);
      const version = ++this.#versions;
      this.#entries.set(key, { spec, dueAt, version, running: false });
      this.#heap.push(dueAt, { key, version });
    }
    for (const key of this.#entries.keys()) {
      if (keys.has(key)) continue;
      this.#entries.delete(key);
      this.#states.delete(key);
    }
    const stored = await loadMonitorStates(this.#db, [...newLaunches]);
    for (const [key, state] of stored) if (!this.#states.has(key)) this.#states.set(key, state);
  }

  /** Forgets every monitor and state (another worker may have probed meanwhile); the next
   * refresh starts over from the database. */
  reset(): void {
    this.#heap = new MinHeap();
    this.#entries.clear();
    this.#states.clear();
    this.#refreshedAt = Number.NEGATIVE_INFINITY;
  }

  /** Re-reads the active monitors when `refreshMs` has passed since the last time. */
  async refreshIfDue(now: Date): Promise<void> {
    if (now.getTime() - this.#refreshedAt >= this.#refreshMs) await this.refresh(now);
  }

  /**
   * Runs every probe due at `now` (re-reading the monitors first when `refreshMs` has passed),
   * waits for them and stores their results. Returns how many probes ran.
   */
  async runDue(now: Date): Promise<number> {
    await this.refreshIfDue(now);
    const started = this.startDue(now);
    await Promise.all(started);
    await this.flush();
    return started.length;
  }

  /**
   * Starts the probes due at `now` without waiting for them; each promise settles when its
   * result is buffered. Monitors still probing from their last turn are moved to their next turn.
   */
  startDue(now: Date): Promise<void>[] {
    const started: Promise<void>[] = [];
    const nowMs = now.getTime();
    for (let top = this.#heap.peek(); top && top.key <= nowMs; top = this.#heap.peek()) {
      this.#heap.pop();
      const entry = this.#entries.get(top.value.key);
      if (!entry || entry.version !== top.value.version) continue;
      this.#reschedule(top.value.key, entry, nowMs);
      if (entry.running || entry.spec.runUntil.getTime() <= nowMs) continue;
      entry.running = true;
      started.push(this.#limited(() => this.#probeOnce(entry)));
    }
    return started;
  }

  /**
   * Writes buffered results; writes run one after another so states never go back in time. A
   * failed write (database unreachable) is reported and its results dropped: those minutes
   * become unknown, which uptime leaves out (ADR 0005), rather than growing memory unbounded.
   */
  flush(): Promise<void> {
    const records = this.#buffer;
    this.#buffer = [];
    this.#flushing = this.#flushing
      .then(() => recordProbeResults(this.#db, records))
      .catch((error: unknown) => this.#onError(error));
    return this.#flushing;
  }

  /**
   * On a simulated clock: jumps from one due time to the next up to `until`, running each batch.
   *
   * @example
   * await scheduler.runUntil(clock, new Date(clock.now().getTime() + 3_600_000));
   */
  async runUntil(clock: SimulatedClock, until: Date): Promise<number> {
    let probes = await this.runDue(clock.now());
    for (let next = this.nextDueAt(); next && next <= until; next = this.nextDueAt()) {
      if (next > clock.now()) clock.set(next);
      probes += await this.runDue(clock.now());
    }
    if (until > clock.now()) clock.set(until);
    return probes;
  }

  async #probeOnce(entry: Entry): Promise<void> {
    const { spec } = entry;
    const at = this.#clock.now();
    try {
      const outcome = await this.#probe(spec);
      const key = stateKey(spec.launchId, spec.monitorId);
      const state = nextMonitorState(this.#states.get(key), outcome, { retries: spec.retries, at });
      if (this.#entries.get(key) !== entry) return;
      this.#states.set(key, state);
      this.#buffer.push({
        launchId: spec.launchId,
        monitorId: spec.monitorId,
        at,
        intervalMs: spec.intervalMs,
        outcome,
        state,
      });
    } catch (error) {
      this.#onError(error);
    } finally {
      entry.running = false;
    }
  }

  /** Next turn: one interval after the last due time, skipping turns missed while behind. */
  #reschedule(key: string, entry: Entry, nowMs: number): void {
    const interval = entry.spec.intervalMs;
    const missed = Math.max(0, Math.floor((nowMs - entry.dueAt) / interval));
    entry.dueAt += (missed + 1) * interval;
    entry.version = ++this.#versions;
    this.#heap.push(entry.dueAt, { key, version: entry.version });
  }

  #dropStale(): void {
    for (let top = this.#heap.peek(); top; top = this.#heap.peek()) {
      const entry = this.#entries.get(top.value.key);
      if (entry && entry.version === top.value.version) return;
      this.#heap.pop();
    }
  }

  async #limited(task: () => Promise<void>): Promise<void> {
    if (this.#active >= this.#concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#active++;
    try {
      await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}

/** Options of the real-time scheduler loop. */
export interface MonitorLoopOptions extends MonitorSchedulerOptions {
  /** How often due probes are started (default 250 ms). */
  tickMs?: number;
  /** How often buffered results are written (default 1 s). */
  flushMs?: number;
  /** Lifetime of the scheduler lease; renewed every third of it (default 30 s). */
  leaseMs?: number;
}

/**
 * Starts the monitor scheduler in real time (the worker calls this). Only the worker holding the
 * scheduler lease probes; others stand by and take over when it lapses. Every `tickMs` the
 * holder starts the probes that are due, every `flushMs` it writes their results. `stop()` waits
 * for running probes, writes what is left and gives the lease up.
 *
 * @example
 * const monitors = startMonitorScheduler({ db, clock: systemClock, onError: (e) => log.warn(e) });
 * await monitors.stop();
 */
export function startMonitorScheduler(options: MonitorLoopOptions): {
  scheduler: MonitorScheduler;
  stop(): Promise<void>;
} {
  const scheduler = new MonitorScheduler(options);
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let leader = false;
  let leaseCheckedAt = Number.NEGATIVE_INFINITY;
  let flushedAt = Number.NEGATIVE_INFINITY;
  let wake: (() => void) | null = null;
  const holdsLease = async (now: Date): Promise<boolean> => {
    if (now.getTime() - leaseCheckedAt < leaseMs / 3) return leader;
    leaseCheckedAt = now.getTime();
    const acquired = await acquireSchedulerLease(options.db, { holder, now, ttlMs: leaseMs });
    if (acquired !== leader) scheduler.reset();
    leader = acquired;
    return leader;
  };
  const loop = (async () => {
    while (!stopped) {
      const now = options.clock.now();
      try {
        if (await holdsLease(now)) {
          await scheduler.refreshIfDue(now);
          for (const probe of scheduler.startDue(now)) {
            running.add(probe);
            void probe.finally(() => running.delete(probe));
          }
        }
        if (now.getTime() - flushedAt >= (options.flushMs ?? 1000)) {
          flushedAt = now.getTime();
          await scheduler.flush();
        }
      } catch (error) {
        options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.tickMs ?? 250);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    scheduler,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await Promise.all(running);
      await scheduler.flush();
      if (leader) await releaseSchedulerLease(options.db, holder).catch(options.onError);
    },
  };
}
