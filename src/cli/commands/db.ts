import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { openStore } from '../../store/store.ts';
import { type CommandIo, exitCodes, printResult, progress } from '../output.ts';

/** `launchcrew db migrate`: applies LaunchCrew's migrations and pg-boss's schema. */
export function registerDbCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending migrations (LaunchCrew tables and the pg-boss job schema)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = readConfig(process.env);
      const store = await openStore({
        databaseUrl: config.databaseUrl,
        home: config.home,
        poolSize: 2,
      });
      try {
        const done = progress(io, `Migrating ${store.description}`);
        const { applied } = await migrateToLatest(store.db);
        await JobQueue.installSchema(store.url);
        done(applied.length > 0 ? `applied ${applied.join(', ')}` : 'already up to date');
        printResult(io, options.json === true, { applied }, (r) =>
          r.applied.length > 0 ? `applied: ${r.applied.join(', ')}` : 'database is up to date',
        );
      } finally {
        await store.close();
      }
      exit(exitCodes.ok);
    });
}
