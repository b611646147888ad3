import { type Kysely, sql } from 'kysely';

/** Trigger engine: the state of each rule of each launch, and every evaluation (src/triggers). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE trigger_rule_states (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      rule_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('inactive','pending','firing')),
      active_at timestamptz,
      fired_at timestamptz,
      keep_firing_since timestamptz,
      clear_since timestamptz,
      last_eval_at timestamptz,
      next_eval_at timestamptz NOT NULL,
      consecutive_breaches integer NOT NULL DEFAULT 0,
      cumulative_breaches integer NOT NULL DEFAULT 0,
      consecutive_no_data integer NOT NULL DEFAULT 0,
      fire_count integer NOT NULL DEFAULT 0,
      PRIMARY KEY (launch_id, rule_id)
    );
    CREATE INDEX trigger_rule_states_due_idx ON trigger_rule_states (next_eval_at);

    CREATE TABLE trigger_evaluations (
      id bigserial PRIMARY KEY,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      rule_id text NOT NULL,
      at timestamptz NOT NULL,
      value double precision,
      result text NOT NULL CHECK (result IN ('breach','ok','no_data')),
      state text NOT NULL CHECK (state IN ('inactive','pending','firing')),
      reason text NOT NULL
    );
    CREATE INDEX trigger_evaluations_rule_idx ON trigger_evaluations (launch_id, rule_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE trigger_evaluations; DROP TABLE trigger_rule_states;`.execute(db);
}
