import { type Kysely, sql } from 'kysely';

/**
 * LaunchCrew's own probes (src/metrics/monitors): one compact row per probe result, and the
 * current state of each monitor (status, consecutive failures, since when, its interval), and the
 * lease that lets one worker at a time run the probes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE probe_results (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      monitor_id text NOT NULL,
      at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('up','pending','down')),
      latency_ms integer,
      reason text CHECK (reason IN ('dns','refused','reset','tls','timeout','status','keyword',
        'body_too_large','other')),
      message text,
      PRIMARY KEY (launch_id, monitor_id, at)
    );

    CREATE TABLE monitor_states (
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      monitor_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('up','pending','down')),
      consecutive_failures integer NOT NULL DEFAULT 0,
      since timestamptz NOT NULL,
      last_probe_at timestamptz NOT NULL,
      interval_ms integer NOT NULL CHECK (interval_ms > 0),
      PRIMARY KEY (launch_id, monitor_id)
    );

    -- One worker at a time runs the probes: it holds this lease and renews it.
    CREATE TABLE monitor_scheduler_lease (
      id smallint PRIMARY KEY CHECK (id = 1),
      holder text NOT NULL,
      expires_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE monitor_scheduler_lease; DROP TABLE monitor_states; DROP TABLE probe_results;`.execute(
    db,
  );
}
