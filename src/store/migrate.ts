import { type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Db } from './database.ts';
import { loadMigrations } from './migrations/index.ts';

/** What `migrateToLatest` did. */
export interface MigrationReport {
  applied: string[];
}

/**
 * Applies every pending migration in one run; fails with the name of the migration that broke.
 *
 * @example
 * const { applied } = await migrateToLatest(db);
 */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = migratorFor(db);
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const failed = result.results?.find((r) => r.status === 'Error');
  // No migration ran and none failed: the database could not be reached; keep that error as is.
  if (result.error && !failed) throw result.error;
  if (result.error || failed) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`migration ${name} failed: ${String(result.error)}`, { cause: result.error });
  }
  return {
    applied: (result.results ?? [])
      .filter((r) => r.status === 'Success')
      .map((r) => r.migrationName),
  };
}

/** True when the database answers and every known migration has been applied. */
export async function isMigrated(db: Db): Promise<boolean> {
  try {
    const migrator = migratorFor(db);
    const all = await migrator.getMigrations();
    return all.every((m) => m.executedAt !== undefined);
  } catch {
    return false;
  }
}

function migratorFor(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: loadMigrations },
    migrationTableName: 'launchcrew_migration',
    migrationLockTableName: 'launchcrew_migration_lock',
  });
}
