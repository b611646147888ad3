import { type Kysely, sql } from 'kysely';

/**
 * Launch orchestration (src/launch): the go/no-go decision, the moment the product went live,
 * and the deadline by which the launch must have succeeded (T0 + 14 days unless extended).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE launches
      ADD COLUMN go_decided_at timestamptz,
      ADD COLUMN go_decided_by text,
      ADD COLUMN go_override_reason text,
      ADD COLUMN live_at timestamptz,
      ADD COLUMN success_deadline timestamptz;
  `.execute(db);
}
