import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { openDatabase, withDatabaseName } from '../src/store/database.ts';
import { type EmbeddedServer, startEmbeddedServer } from '../src/store/embedded-server.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { migrationFiles } from '../src/store/migrations/index.ts';

let embedded: EmbeddedServer | null = null;

/**
 * Prepares one migrated template database per migration set. Each test file clones it
 * (test/database.ts). The server is LAUNCHCREW_TEST_DATABASE_URL when set, otherwise an
 * embedded PostgreSQL in .launchcrew-test/.
 */
export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.LAUNCHCREW_TEST_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedServer({
      home: join(process.cwd(), '.launchcrew', 'test-server'),
    });
    adminUrl = embedded.url;
  }
  const template = `launchcrew_tpl_${migrationsDigest()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      const building = `${template}_building_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = withDatabaseName(adminUrl, building);
      const db = openDatabase(url, { max: 2 });
      await migrateToLatest(db);
      await db.destroy();
      await JobQueue.installSchema(url);
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      });
    }
  } finally {
    await admin.end();
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}

/** A template is rebuilt whenever a migration file or the pg-boss version changes. */
function migrationsDigest(): string {
  const hash = createHash('sha256');
  for (const file of ['index.ts', ...migrationFiles]) {
    hash.update(readFileSync(join(process.cwd(), 'src/store/migrations', file)));
  }
  hash.update(readFileSync(join(process.cwd(), 'node_modules/pg-boss/package.json')));
  return hash.digest('hex').slice(0, 12);
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}
