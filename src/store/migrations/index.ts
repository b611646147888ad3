import type { Migration } from 'kysely/migration';
import * as foundation from './0001_foundation.ts';

/**
 * Every migration in order. Names sort by their number prefix; a migration that has run is
 * never edited — add a new one instead.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
};
