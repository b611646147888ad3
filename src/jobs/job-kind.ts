import type { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../store/database.ts';
import type { JobQueue } from './job-queue.ts';

/** What a job handler receives besides its payload. */
export interface JobContext {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  /** pg-boss job id and attempt (0 on the first try). */
  jobId: string;
  attempt: number;
}

/** Retry and expiry policy of one kind of job (pg-boss queue options). */
export interface JobPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job active this long without completing is taken to have crashed and is retried. */
  expireInSeconds: number;
}

/**
 * One kind of durable job: a name, a zod schema for its payload and a plain async function.
 * Handlers must be idempotent: they re-read state and use the delivery ledger for external sends.
 */
export interface JobKind<T = unknown> {
  readonly name: string;
  readonly payload: z.ZodType<T>;
  readonly policy?: Partial<JobPolicy>;
  run(data: T, context: JobContext): Promise<void>;
}

export const defaultJobPolicy: JobPolicy = {
  retryLimit: 8,
  retryDelaySeconds: 2,
  expireInSeconds: 40,
};

/**
 * Declares a job kind with a typed payload.
 *
 * @example
 * export const sayHello = defineJob({
 *   name: 'demo.hello',
 *   payload: z.object({ to: z.string() }),
 *   run: async ({ to }, { clock }) => console.log(`hello ${to} at ${clock.now().toISOString()}`),
 * });
 */
export function defineJob<T>(kind: JobKind<T>): JobKind<T> {
  if (!/^[a-z][a-z0-9_.-]{2,60}$/.test(kind.name)) {
    throw new Error(`job name '${kind.name}' must be lower-case letters, digits, '.', '-' or '_'`);
  }
  return kind;
}

/** A job kind of any payload type, for registries and lists of kinds. */
export type AnyJobKind = JobKind<unknown>;
