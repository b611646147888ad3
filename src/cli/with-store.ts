import { readConfig } from '../config.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openStore, type Store } from '../store/store.ts';
import { type CommandIo, progress } from './output.ts';

/**
 * Opens the store for one command (starting the embedded server if needed, with progress on
 * stderr), applies pending migrations, runs `work`, and closes the store whatever happens.
 *
 * @example
 * await withStore(io, (store) => listLaunches(store.db, {}));
 */
export async function withStore<T>(
  io: CommandIo,
  work: (store: Store) => Promise<T>,
  options: { poolSize?: number } = {},
): Promise<T> {
  const config = readConfig(process.env);
  const done = progress(
    io,
    config.databaseUrl ? 'Connecting to PostgreSQL' : 'Starting embedded PostgreSQL',
  );
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    home: config.home,
    poolSize: options.poolSize ?? 3,
  });
  try {
    await migrateToLatest(store.db);
    done(store.description);
    return await work(store);
  } finally {
    await store.close();
  }
}
