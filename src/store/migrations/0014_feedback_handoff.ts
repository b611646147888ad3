import { type Kysely, sql } from 'kysely';

/**
 * Feedback of a launch (src/feedback: tickets, NPS survey answers, interviews; `external_id` makes
 * a re-sent item a no-op) and the Stage 32 handoff package, one per launch (src/launch/handoff),
 * with the id of its `MVP_LAUNCHED` event, fixed when the package is first stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE feedback_items (
      id bigserial PRIMARY KEY,
      launch_id uuid NOT NULL REFERENCES launches(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('ticket','survey','interview')),
      external_id text NOT NULL,
      category text NOT NULL
        CHECK (category IN ('bug','feature_request','usability','question','praise')),
      category_source text NOT NULL CHECK (category_source IN ('given','classified')),
      sentiment text NOT NULL CHECK (sentiment IN ('positive','neutral','negative')),
      priority text CHECK (priority IN ('P0','P1','P2','P3')),
      nps_score smallint CHECK (nps_score BETWEEN 0 AND 10),
      text text NOT NULL DEFAULT '',
      source text NOT NULL,
      at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      UNIQUE (launch_id, kind, external_id),
      CHECK (kind = 'ticket' OR priority IS NULL),
      CHECK ((kind = 'survey') = (nps_score IS NOT NULL))
    );
    CREATE INDEX feedback_items_launch_idx ON feedback_items (launch_id, kind, at);

    CREATE TABLE handoff_packages (
      launch_id uuid PRIMARY KEY REFERENCES launches(id) ON DELETE CASCADE,
      event_id uuid NOT NULL DEFAULT gen_random_uuid(),
      package jsonb NOT NULL,
      markdown text NOT NULL,
      built_at timestamptz NOT NULL
    );
  `.execute(db);
}
