/** The handoff table (migration 0014) and the typed executor that includes it. */
import type { ColumnType, Generated } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import type { HandoffPackage } from './handoff-package.ts';

export interface HandoffPackageTable {
  launch_id: string;
  event_id: Generated<string>;
  package: ColumnType<HandoffPackage, string, string>;
  markdown: string;
  built_at: ColumnType<Date, Date | string, Date | string>;
}

/**
 * The executor typed with the handoff table as well.
 *
 * @example
 * await handoffDb(db).selectFrom('handoff_packages').selectAll().execute();
 */
export function handoffDb(executor: DbExecutor) {
  return executor.withTables<{ handoff_packages: HandoffPackageTable }>();
}
