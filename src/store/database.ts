import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/** The typed query layer over the LaunchCrew database. */
export type Db = Kysely<Database>;
/** A Kysely transaction, or the database itself when no transaction is open. */
export type DbExecutor = Kysely<Database> | Transaction<Database>;

/**
 * Opens a connection pool to `url`.
 *
 * @example
 * const db = openDatabase('postgres://127.0.0.1:5432/launchcrew');
 * await db.selectFrom('launches').selectAll().execute();
 * await db.destroy();
 */
export function openDatabase(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'launchcrew',
  });
  // An idle client that loses its server (restart, network) must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Runs raw SQL with positional parameters on `executor` (inside its transaction, if any).
 * pg-boss uses this to enqueue jobs in the caller's transaction.
 */
export async function executeRaw(
  executor: DbExecutor,
  text: string,
  values: unknown[] = [],
): Promise<{ rows: Record<string, unknown>[] }> {
  const result = await executor.executeQuery(CompiledQuery.raw(text, values));
  return { rows: result.rows as Record<string, unknown>[] };
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
