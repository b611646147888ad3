import { type Kysely, sql } from 'kysely';

/**
 * Marketing activations (src/activation): one row per activation of a launch with its due time,
 * state and the vendor handle that cancels, pauses or resumes it; and the T+15 check result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE activations (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      activation_id text NOT NULL,
      channel text NOT NULL,
      connector_id text,
      due_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN
        ('scheduled','armed','sending','sent','failed','cancelled','paused')),
      paused_from text CHECK (paused_from IN ('scheduled','armed','sent')),
      delivery_key text NOT NULL UNIQUE,
      handle jsonb,
      control_count integer NOT NULL DEFAULT 0,
      paused_at timestamptz,
      sent_at timestamptz,
      error text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (launch_id, activation_id)
    );

    CREATE TABLE activation_checks (
      launch_id uuid PRIMARY KEY REFERENCES launches(id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('ok','warn')),
      reasons jsonb NOT NULL,
      figures jsonb NOT NULL,
      checked_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE activation_checks; DROP TABLE activations;`.execute(db);
}
