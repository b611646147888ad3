import { type Kysely, sql } from 'kysely';

/**
 * Runbook runs (src/runbooks): one row per run with the runbook it executes, and one row per
 * step with its state, attempts, output tail and error.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE runbook_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      launch_id uuid REFERENCES launches(id) ON DELETE CASCADE,
      runbook_id text NOT NULL,
      reason text NOT NULL,
      actor text NOT NULL,
      state text NOT NULL CHECK (state IN ('running','succeeded','failed','escalated')),
      dry_run boolean NOT NULL DEFAULT false,
      spec jsonb NOT NULL,
      started_at timestamptz NOT NULL,
      ended_at timestamptz
    );
    CREATE INDEX runbook_runs_launch ON runbook_runs (launch_id, started_at);
    CREATE INDEX runbook_runs_running ON runbook_runs (state) WHERE state = 'running';

    CREATE TABLE runbook_step_runs (
      run_id uuid NOT NULL REFERENCES runbook_runs(id) ON DELETE CASCADE,
      step_id text NOT NULL,
      position integer NOT NULL,
      type text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending','running','succeeded','failed','skipped')),
      attempts integer NOT NULL DEFAULT 0,
      started_at timestamptz,
      ended_at timestamptz,
      output text,
      error text,
      PRIMARY KEY (run_id, step_id),
      UNIQUE (run_id, position)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE runbook_step_runs; DROP TABLE runbook_runs;`.execute(db);
}
