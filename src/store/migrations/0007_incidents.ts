import { type Kysely, sql } from 'kysely';

/**
 * Incidents, their escalations, rollback / marketing-pause approvals and the one-time nonces of
 * approval links and Slack callbacks (src/incidents, src/approvals).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      trigger_id text NOT NULL,
      rule_id text NOT NULL,
      state text NOT NULL
        CHECK (state IN ('triggered','acknowledged','mitigating','monitoring','resolved')),
      severity text NOT NULL CHECK (severity IN ('P0','P1','P2','P3')),
      severity_reason text NOT NULL,
      classification jsonb NOT NULL,
      title text NOT NULL,
      pagerduty_dedup_keys jsonb NOT NULL DEFAULT '[]',
      fire_count integer NOT NULL DEFAULT 1,
      postmortem text NOT NULL DEFAULT 'not_required'
        CHECK (postmortem IN ('not_required','pending','drafted')),
      opened_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      mitigating_at timestamptz,
      monitoring_at timestamptz,
      resolved_at timestamptz,
      updated_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX incidents_open_idx ON incidents (launch_id, trigger_id)
      WHERE state <> 'resolved';
    CREATE INDEX incidents_launch_idx ON incidents (launch_id, opened_at);

    CREATE TABLE incident_escalations (
      id bigserial PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      reason text NOT NULL CHECK (reason IN ('repeated_firing','unacknowledged','approval_timeout')),
      to_role text NOT NULL,
      dedup_key text NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      detail jsonb NOT NULL
    );

    CREATE TABLE approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      action text NOT NULL CHECK (action IN ('rollback','marketing_pause')),
      state text NOT NULL CHECK (state IN ('pending','approved','rejected','expired')),
      severity text NOT NULL,
      evidence jsonb NOT NULL,
      proposed_at timestamptz NOT NULL,
      deadline_at timestamptz NOT NULL,
      on_timeout text NOT NULL CHECK (on_timeout IN ('escalate','execute')),
      decided_at timestamptz,
      decided_by text,
      decided_via text CHECK (decided_via IN ('api','cli','slack','link','timeout')),
      reason text,
      result jsonb,
      UNIQUE (incident_id, action)
    );
    CREATE INDEX approvals_launch_idx ON approvals (launch_id, proposed_at);

    CREATE TABLE used_nonces (
      nonce text PRIMARY KEY,
      purpose text NOT NULL,
      used_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE used_nonces;
    DROP TABLE approvals;
    DROP TABLE incident_escalations;
    DROP TABLE incidents;
  `.execute(db);
}
