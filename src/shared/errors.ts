/**
 * Typed errors of LaunchCrew (ARCHITECTURE.md):
 * - `UserError`: bad input or configuration. The API answers 4xx, the CLI exits 1, and the
 *   message is meant for the person who can fix it.
 * - `OperationalError`: a vendor or the network failed. Jobs retry it with backoff.
 * Anything else is a bug.
 *
 * @example
 * throw new UserError('not_found', 'launch 42 does not exist', { status: 404, path: ['id'] });
 */
export class UserError extends Error {
  readonly code: string;
  readonly status: number;
  readonly path: ReadonlyArray<string | number>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; path?: ReadonlyArray<string | number>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    this.status = options.status ?? 400;
    this.path = options.path ?? [];
  }
}

/** A fault of a vendor or the network; safe to retry. */
export class OperationalError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'OperationalError';
    this.retryable = options.retryable ?? true;
  }
}
