import { OperationalError, UserError } from '../shared/errors.ts';

/** Exit codes of every `launchcrew` command. */
export const exitCodes = {
  ok: 0,
  /** Bad input or configuration: the message says what to fix. */
  invalid: 1,
  /** A file could not be read. */
  unreadable: 2,
  /** The database, a vendor or the network failed; trying again may work. */
  unavailable: 3,
  /** A bug in LaunchCrew. */
  internal: 70,
} as const;

/** Where a command writes: results to `out`, progress and errors to `err`. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** How a person at the command line appears in the audit log: `cli:<user>`. */
export function cliActor(): string {
  return `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`;
}

/** Prints `value` as JSON or as the text `render` makes of it. */
export function printResult<T>(
  io: CommandIo,
  json: boolean,
  value: T,
  render: (v: T) => string,
): void {
  io.out(json ? JSON.stringify(value, null, 2) : render(value));
}

/**
 * Turns an error into a message and an exit code; never prints a stack trace unless
 * LAUNCHCREW_DEBUG is set.
 */
export function reportError(io: CommandIo, error: unknown): number {
  if (error instanceof UserError) {
    const where = error.path.length > 0 ? ` (${error.path.join('.')})` : '';
    io.err(`error: ${error.message}${where}`);
    return exitCodes.invalid;
  }
  if (error instanceof OperationalError || isConnectionError(error)) {
    io.err(`error: ${(error as Error).message} — check that the database or service is reachable`);
    return exitCodes.unavailable;
  }
  io.err(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.LAUNCHCREW_DEBUG && error instanceof Error) io.err(error.stack ?? '');
  else io.err('(set LAUNCHCREW_DEBUG=1 for details; please report this)');
  return exitCodes.internal;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '57P03', '3D000'].includes(code)
  );
}

/** Shows `label…` on stderr for work that may take more than a second; returns a `done` callback. */
export function progress(io: CommandIo, label: string): (result?: string) => void {
  const started = Date.now();
  io.err(`${label}…`);
  return (result = 'done') =>
    io.err(`${label}: ${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
