import { type Kysely, sql } from 'kysely';

/**
 * The automation ledger (src/automation): every task of a launch, whether it ran automatically
 * or by a person, and the minutes of human time it took (waiting and deciding included).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE automation_tasks (
      id bigserial PRIMARY KEY,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      task text NOT NULL,
      subject text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('automatic','human')),
      human_minutes numeric(10,2) NOT NULL CHECK (human_minutes >= 0),
      actor text NOT NULL,
      at timestamptz NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      UNIQUE (launch_id, task, subject)
    );
  `.execute(db);
}
