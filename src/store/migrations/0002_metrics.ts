import { type Kysely, sql } from 'kysely';

/**
 * Pushed metric samples with their 1-minute rollup, Segment-style tracked events, SendGrid email
 * events, per-venture ingest keys and SendGrid webhook verification keys.
 *
 * `metric_samples` has no primary key and one index, so inserts stay cheap; charts read
 * `metric_rollup_1m` (≤ 1,440 rows per series and day), which the ingest transaction upserts.
 * The two append-only raw tables (`metric_samples`, `tracked_events`) carry no foreign key to
 * `launches`: measured, its per-row check was 60 % of a 500-sample insert. Ingest resolves the
 * launch (of the key's venture) in the same request, and launches are never deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ingest_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      venture_id text NOT NULL REFERENCES ventures(id),
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX ingest_keys_venture_idx ON ingest_keys (venture_id, created_at DESC);

    CREATE TABLE metric_samples (
      launch_id uuid NOT NULL,
      name text NOT NULL,
      labels jsonb NOT NULL DEFAULT '{}'::jsonb,
      labels_hash bigint NOT NULL,
      ts timestamptz NOT NULL,
      value double precision NOT NULL
    );
    CREATE INDEX metric_samples_series_idx ON metric_samples (launch_id, name, ts);

    CREATE TABLE metric_rollup_1m (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      name text NOT NULL,
      labels_hash bigint NOT NULL,
      minute timestamptz NOT NULL,
      labels jsonb NOT NULL,
      count bigint NOT NULL,
      sum double precision NOT NULL,
      min double precision NOT NULL,
      max double precision NOT NULL,
      last_ts timestamptz NOT NULL,
      last_value double precision NOT NULL,
      PRIMARY KEY (launch_id, name, labels_hash, minute)
    );
    CREATE INDEX metric_rollup_1m_time_idx ON metric_rollup_1m (launch_id, name, minute);

    CREATE TABLE tracked_events (
      id bigserial PRIMARY KEY,
      launch_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('track','identify','page')),
      user_id text,
      anonymous_id text,
      event text,
      properties jsonb NOT NULL DEFAULT '{}'::jsonb,
      context jsonb NOT NULL DEFAULT '{}'::jsonb,
      ts timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      message_id text NOT NULL,
      UNIQUE (launch_id, message_id)
    );
    CREATE INDEX tracked_events_event_idx ON tracked_events (launch_id, event, ts);
    CREATE INDEX tracked_events_user_idx ON tracked_events (launch_id, (coalesce(user_id, anonymous_id)), ts);

    CREATE TABLE sendgrid_webhook_keys (
      venture_id text PRIMARY KEY REFERENCES ventures(id),
      public_key text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE email_events (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      sg_event_id text NOT NULL,
      sg_message_id text,
      event text NOT NULL,
      email text,
      ts timestamptz NOT NULL,
      PRIMARY KEY (launch_id, sg_event_id)
    );
    CREATE INDEX email_events_kind_idx ON email_events (launch_id, event, ts);
  `.execute(db);
}
