/** Tables of migration 0012: stored gate reports and the team readiness sign-offs. */
import type { ColumnType, Generated } from 'kysely';
import type { DbExecutor } from '../../store/database.ts';
import type { GateReport, SignOffRole } from './gate-model.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The tables, added to the database type with `gateDb`. */
export type GateTables = {
  gate_reports: {
    id: Generated<string>;
    /** Order of storing: the highest is the newest report. */
    seq: Generated<string>;
    launch_id: string;
    evaluated_at: Timestamp;
    actor: string;
    score: ColumnType<string, number, number>;
    blocking: boolean;
    /** The report without its id (the row's). */
    report: ColumnType<Omit<GateReport, 'id'>, string, string>;
  };
  readiness_signoffs: {
    launch_id: string;
    role: SignOffRole;
    person_id: string | null;
    actor: string;
    note: string | null;
    signed_at: Timestamp;
  };
};

/**
 * `executor` typed with the gate tables.
 *
 * @example
 * await gateDb(db).selectFrom('readiness_signoffs').selectAll().execute();
 */
export function gateDb(executor: DbExecutor) {
  return executor.withTables<GateTables>();
}
