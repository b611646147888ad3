import { type Kysely, sql } from 'kysely';

/**
 * Launch preparation (src/launch/gates, src/launch/preparation): every evaluation of the entry
 * gates and pre-launch validation with its evidence and readiness score (the newest wins), and
 * the team readiness sign-offs (one per launch and role, with who and when).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE gate_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      evaluated_at timestamptz NOT NULL,
      actor text NOT NULL,
      score numeric(5,1) NOT NULL CHECK (score >= 0 AND score <= 100),
      blocking boolean NOT NULL,
      report jsonb NOT NULL
    );
    CREATE INDEX gate_reports_launch_idx ON gate_reports (launch_id, seq DESC);
    CREATE TABLE readiness_signoffs (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      role text NOT NULL
        CHECK (role IN ('launch_coordinator','devops_lead','marketing_lead','support_lead')),
      person_id text,
      actor text NOT NULL,
      note text,
      signed_at timestamptz NOT NULL,
      PRIMARY KEY (launch_id, role)
    );
  `.execute(db);
}
