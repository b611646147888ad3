import { PgBoss } from 'pg-boss';
import type { Clock } from '../clock/clock.ts';
import { type Db, type DbExecutor, executeRaw } from '../store/database.ts';
import { type AnyJobKind, defaultJobPolicy, type JobContext, type JobKind } from './job-kind.ts';

const SCHEMA = 'pgboss';

/** Options of one enqueue. */
export interface EnqueueOptions {
  /** At most one queued job per key (pg-boss singleton key). */
  singletonKey?: string;
}

/**
 * The typed front of pg-boss. Jobs are enqueued through the caller's transaction, so a state
 * change and the jobs it causes commit together or not at all.
 *
 * @example
 * const queue = await JobQueue.open({ url, db, clock, kinds: [sayHello] });
 * await db.transaction().execute((trx) => queue.enqueue(trx, sayHello, { to: 'ana' }));
 * await queue.startWorkers();
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #kinds: Map<string, AnyJobKind>;
  readonly #db: Db;
  readonly #clock: Clock;

  private constructor(boss: PgBoss, kinds: ReadonlyArray<AnyJobKind>, db: Db, clock: Clock) {
    this.#boss = boss;
    this.#kinds = new Map(kinds.map((k) => [k.name, k]));
    this.#db = db;
    this.#clock = clock;
  }

  /** Starts pg-boss (installing or upgrading its schema) and creates a queue per job kind. */
  static async open(options: {
    url: string;
    db: Db;
    clock: Clock;
    kinds: ReadonlyArray<AnyJobKind>;
    /** Run pg-boss maintenance and supervision in this process (the worker does). */
    supervise?: boolean;
    /** How often expired (crashed) jobs are looked for; default 15 s, so with the default
     * expiry of 40 s a crashed worker's job is retried within a minute. */
    superviseIntervalSeconds?: number;
  }): Promise<JobQueue> {
    const names = new Set<string>();
    for (const kind of options.kinds) {
      if (names.has(kind.name)) throw new Error(`job kind '${kind.name}' is registered twice`);
      names.add(kind.name);
    }
    const boss = new PgBoss({
      connectionString: options.url,
      schema: SCHEMA,
      application_name: 'launchcrew-jobs',
      max: 4,
      useListenNotify: true,
      supervise: options.supervise ?? false,
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 15,
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 15,
      schedule: false,
    });
    boss.on('error', (error) => process.emitWarning(`pg-boss: ${error.message}`));
    await boss.start();
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const kind of options.kinds) {
      const policy = { ...defaultJobPolicy, ...kind.policy };
      const queueOptions = {
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: policy.expireInSeconds,
        notify: true,
      };
      if (existing.has(kind.name)) await boss.updateQueue(kind.name, queueOptions);
      else await boss.createQueue(kind.name, queueOptions);
    }
    return new JobQueue(boss, options.kinds, options.db, options.clock);
  }

  /** Creates or upgrades pg-boss's own schema (`launchcrew db migrate` runs this). */
  static async installSchema(url: string): Promise<void> {
    const boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: 1,
      supervise: false,
      schedule: false,
    });
    boss.on('error', (error) => process.emitWarning(`pg-boss: ${error.message}`));
    await boss.start();
    await boss.stop({ graceful: false });
  }

  /** Names of the registered job kinds. */
  get kindNames(): string[] {
    return [...this.#kinds.keys()];
  }

  /**
   * Enqueues `data` for `kind` inside `executor`'s transaction. The payload is validated first;
   * a payload that does not match is a bug and throws.
   */
  async enqueue<T>(
    executor: DbExecutor,
    kind: JobKind<T>,
    data: T,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    if (!this.#kinds.has(kind.name)) throw new Error(`job kind '${kind.name}' is not registered`);
    const payload = kind.payload.parse(data) as object;
    return this.#boss.send(kind.name, payload, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      db: { executeSql: (text, values) => executeRaw(executor, text, values ?? []) },
    });
  }

  /**
   * Registers workers for every job kind in this process. Each worker fetches up to 8 jobs at a
   * time and keeps fetching while batches come back full, so a backlog drains at once; when the
   * queue is empty, NOTIFY wakes it for new jobs (with a 2 s poll as the backstop). Each job in a
   * batch settles on its own: one failure retries that job only.
   */
  async startWorkers(options: { concurrency?: number } = {}): Promise<void> {
    for (const kind of this.#kinds.values()) {
      await this.#boss.work<object>(
        kind.name,
        {
          localConcurrency: options.concurrency ?? 4,
          batchSize: 8,
          burstWhenBatchFull: true,
          notifyPollingIntervalSeconds: 2,
          perJobResults: true,
          includeMetadata: true,
        },
        async (jobs) =>
          Promise.all(
            jobs.map(async (job) => {
              const context: JobContext = {
                db: this.#db,
                clock: this.#clock,
                jobs: this,
                jobId: job.id,
                attempt: job.retryCount,
              };
              try {
                await kind.run(kind.payload.parse(job.data), context);
                return { id: job.id, status: 'completed' as const };
              } catch (error) {
                const message =
                  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
                return { id: job.id, status: 'failed' as const, output: { message } };
              }
            }),
          ),
      );
    }
  }

  /** Jobs of the registered kinds that are queued, retrying or running. */
  async pendingCount(): Promise<number> {
    const result = await executeRaw(
      this.#db,
      `SELECT count(*)::int AS n FROM ${SCHEMA}.job
        WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`,
      [this.kindNames],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Jobs of the registered kinds that failed for good. */
  async failedJobs(): Promise<{ name: string; id: string; output: unknown }[]> {
    const result = await executeRaw(
      this.#db,
      `SELECT name, id::text, output FROM ${SCHEMA}.job WHERE name = ANY($1) AND state = 'failed'`,
      [this.kindNames],
    );
    return result.rows as { name: string; id: string; output: unknown }[];
  }

  /** Waits until no job of a registered kind is queued or running (for simulated runs and tests). */
  async drain(options: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while ((await this.pendingCount()) > 0) {
      if (Date.now() > deadline) throw new Error('jobs did not finish in time');
      await new Promise((r) => setTimeout(r, options.pollMs ?? 20));
    }
  }

  /** Stops workers, waiting for running jobs to finish (up to `timeoutSeconds`). */
  async stop(options: { timeoutSeconds?: number } = {}): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: (options.timeoutSeconds ?? 10) * 1000 });
  }
}
