import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Migration } from 'kysely/migration';

/** Migration files: `NNNN_name.ts`, applied in name order. A migration that has run is never
 * edited — add a new file instead. Each domain folder's tables come with their own file. */
export const migrationFiles: string[] = readdirSync(import.meta.dirname)
  .filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file))
  .sort();

/** Every migration, keyed by its file name without the extension. */
export async function loadMigrations(): Promise<Record<string, Migration>> {
  const entries = await Promise.all(
    migrationFiles.map(async (file) => {
      const name = file.replace(/\.ts$/, '');
      const url = pathToFileURL(join(import.meta.dirname, file)).href;
      const module = (await import(/* @vite-ignore */ url)) as Migration;
      return [name, { up: module.up, ...(module.down ? { down: module.down } : {}) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
