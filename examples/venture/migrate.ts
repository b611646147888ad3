/**
 * The example venture's schema migrations: version 1 (v1's schema) and version 2 (v2 adds a
 * column). `up` applies every migration; `down` rolls back one, or down to `--to N`. A migration
 * is applied or rolled back only when the schema is not already there, so running the same
 * command twice changes nothing the second time. Every change is appended to `migrations.log`.
 *
 * Usage: node examples/venture/migrate.ts up|down|status [--to N] [--data-dir DIR]
 * (the data dir defaults to $VENTURE_DATA_DIR).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The newest schema version. */
export const latestSchemaVersion = 2;

/** The schema version stored in `dataDir` (0 when nothing was applied). */
export function readSchemaVersion(dataDir: string): number {
  const file = join(dataDir, 'schema_version');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
}

/** The lines of `migrations.log`: `up 2`, `down 2`, … */
export function readMigrationLog(dataDir: string): string[] {
  const file = join(dataDir, 'migrations.log');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * Moves the schema of `dataDir` to `target`, one version at a time; returns the changes made.
 *
 * @example
 * migrateTo('/tmp/venture', 1); // ['down 2'] when the schema was at 2
 */
export function migrateTo(dataDir: string, target: number): string[] {
  mkdirSync(dataDir, { recursive: true });
  const changes: string[] = [];
  let version = readSchemaVersion(dataDir);
  while (version !== target) {
    const change = version < target ? `up ${version + 1}` : `down ${version}`;
    version += version < target ? 1 : -1;
    writeFileSync(join(dataDir, 'schema_version'), `${version}\n`);
    appendFileSync(join(dataDir, 'migrations.log'), `${change}\n`);
    changes.push(change);
  }
  return changes;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function main(args: string[]): number {
  const command = args.find((arg) => ['up', 'down', 'status'].includes(arg));
  const dataDir = option(args, '--data-dir') ?? process.env.VENTURE_DATA_DIR;
  if (!dataDir || !command) {
    process.stderr.write('usage: migrate.ts up|down|status [--to N] [--data-dir DIR]\n');
    return 2;
  }
  const current = readSchemaVersion(dataDir);
  if (command === 'status') {
    process.stdout.write(`schema version ${current}\n`);
    return 0;
  }
  const to = option(args, '--to');
  const target =
    to !== undefined
      ? Number(to)
      : command === 'up'
        ? latestSchemaVersion
        : Math.max(0, current - 1);
  if (!Number.isInteger(target) || target < 0 || target > latestSchemaVersion) {
    process.stderr.write(`--to must be 0…${latestSchemaVersion}\n`);
    return 2;
  }
  if (command === 'down' && target > current) {
    process.stdout.write(`schema version ${current} is already below ${target}\n`);
    return 0;
  }
  const changes = migrateTo(dataDir, target);
  process.stdout.write(
    changes.length > 0
      ? `${changes.join('\n')}\nschema version ${target}\n`
      : `schema version ${target}, nothing to do\n`,
  );
  return 0;
}

if (import.meta.filename === process.argv[1]) process.exitCode = main(process.argv.slice(2));
