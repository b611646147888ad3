import { type Kysely, sql } from 'kysely';

/**
 * Incident communications (src/comms): each incident as the public sees it (status page,
 * Statuspage incident id), its status updates, and the in-app banner of each venture.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE comms_incidents (
      incident_id text PRIMARY KEY,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      venture_id text NOT NULL,
      title text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('P0','P1','P2','P3')),
      status text NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved')),
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      resolved_at timestamptz,
      statuspage_incident_id text
    );
    CREATE INDEX comms_incidents_by_venture ON comms_incidents (venture_id, started_at DESC);

    CREATE TABLE comms_incident_updates (
      id bigserial PRIMARY KEY,
      incident_id text NOT NULL REFERENCES comms_incidents(incident_id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved')),
      severity text NOT NULL CHECK (severity IN ('P0','P1','P2','P3')),
      message text NOT NULL,
      at timestamptz NOT NULL,
      UNIQUE (incident_id, status)
    );

    CREATE TABLE comms_banners (
      venture_id text PRIMARY KEY,
      active boolean NOT NULL,
      level text NOT NULL CHECK (level IN ('info','warning','critical')),
      message text NOT NULL,
      incident_id text,
      severity text CHECK (severity IN ('P0','P1','P2','P3')),
      status text,
      updated_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE comms_banners; DROP TABLE comms_incident_updates; DROP TABLE comms_incidents;`.execute(
    db,
  );
}
