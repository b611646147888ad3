import { type Kysely, sql } from 'kysely';

/** Ventures, launches, parameter overrides, API tokens, audit log, deliveries, scheduled work. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ventures (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE launches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      venture_id text NOT NULL REFERENCES ventures(id),
      state text NOT NULL CHECK (state IN ('draft','preparing','awaiting_go_no_go','executing',
        'monitoring','succeeded','unsuccessful','rolled_back','aborted')),
      preset text NOT NULL,
      t0 timestamptz NOT NULL,
      plan jsonb NOT NULL,
      plan_yaml text NOT NULL,
      plan_sha256 text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      end_reason text
    );
    CREATE INDEX launches_venture_idx ON launches (venture_id, created_at DESC);
    CREATE INDEX launches_state_idx ON launches (state);

    CREATE TABLE parameter_overrides (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      name text NOT NULL,
      value jsonb NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (launch_id, name)
    );

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('lead','devops_oncall','marketing','support','viewer')),
      token_hash text NOT NULL UNIQUE,
      token_prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      launch_id uuid REFERENCES launches(id) ON DELETE CASCADE,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX audit_log_launch_idx ON audit_log (launch_id, id);
    CREATE INDEX audit_log_at_idx ON audit_log (at);

    CREATE TABLE deliveries (
      id bigserial PRIMARY KEY,
      key text NOT NULL UNIQUE,
      launch_id uuid REFERENCES launches(id) ON DELETE CASCADE,
      channel text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending','sending','sent','failed','unknown')),
      attempts integer NOT NULL DEFAULT 0,
      request jsonb NOT NULL,
      response jsonb,
      error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX deliveries_launch_idx ON deliveries (launch_id);

    CREATE TABLE scheduled_work (
      id bigserial PRIMARY KEY,
      launch_id uuid REFERENCES launches(id) ON DELETE CASCADE,
      job text NOT NULL,
      data jsonb NOT NULL,
      due_at timestamptz NOT NULL,
      dedup_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      released_at timestamptz,
      cancelled_at timestamptz
    );
    CREATE INDEX scheduled_work_due_idx ON scheduled_work (due_at)
      WHERE released_at IS NULL AND cancelled_at IS NULL;
  `.execute(db);
}
