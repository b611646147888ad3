import pg from 'pg';
import { type Db, openDatabase, withDatabaseName } from './database.ts';
import { type EmbeddedServer, startEmbeddedServer } from './embedded-server.ts';

/** An open LaunchCrew store: the database and, when embedded, the server behind it. */
export interface Store {
  readonly db: Db;
  /** Connection URL (contains credentials: never log it). */
  readonly url: string;
  /** Where the data lives, for messages: "embedded (<dir>)" or the host of DATABASE_URL. */
  readonly description: string;
  readonly embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'launchcrew';

/**
 * Opens the store: `databaseUrl` when given, otherwise the embedded PostgreSQL server with its
 * data in `home` (default `./.launchcrew`) and a database named `launchcrew` in it.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL });
 * await store.close();
 */
export async function openStore(
  options: { databaseUrl?: string | undefined; home?: string; poolSize?: number } = {},
): Promise<Store> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const db = openDatabase(url, { max: options.poolSize ?? 10 });
    return {
      db,
      url,
      description: `PostgreSQL at ${describeUrl(url)}`,
      embedded: null,
      close: () => db.destroy(),
    };
  }
  const server = await startEmbeddedServer({ home: options.home ?? '.launchcrew' });
  try {
    await ensureDatabase(server.url, EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = withDatabaseName(server.url, EMBEDDED_DATABASE);
  const db = openDatabase(url, { max: options.poolSize ?? 10 });
  return {
    db,
    url,
    description: `embedded PostgreSQL (data ${server.dataDir}, port ${server.port})`,
    embedded: server,
    async close() {
      await db.destroy();
      await server.stop();
    },
  };
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/** host:port/database of a URL, without credentials. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}
