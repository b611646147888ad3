import { type Kysely, sql } from 'kysely';

/**
 * The live-events outbox of the dashboard (src/live, ADR 0010): triggers on the tables the
 * dashboard shows append one `live_events` row per change, in the writer's transaction, and
 * `pg_notify('launchcrew_live', id)` wakes the API's listener when that transaction commits.
 *
 * Metric data is coalesced: statement triggers on the 1-minute rollup add one `sample` event per
 * launch and metric of an ingest statement (with every series-minute it touched), never one per
 * sample — measured in ADR 0010.
 * Trigger rules emit only when their state changes (every evaluation updates the row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE live_events (
      id bigserial PRIMARY KEY,
      launch_id uuid,
      venture_id text,
      kind text NOT NULL,
      payload jsonb NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX live_events_launch_idx ON live_events (launch_id, id);

    CREATE FUNCTION live_event_emit(p_launch uuid, p_kind text, p_payload jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      new_id bigint;
    BEGIN
      INSERT INTO live_events (launch_id, venture_id, kind, payload)
      VALUES (p_launch, (SELECT venture_id FROM launches WHERE id = p_launch), p_kind, p_payload)
      RETURNING id INTO new_id;
      PERFORM pg_notify('launchcrew_live', new_id::text);
    END $$;

    CREATE FUNCTION live_event_launch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM live_event_emit(NEW.id, 'launch', jsonb_build_object(
        'state', NEW.state, 'previousState', OLD.state, 'endedAt', NEW.ended_at,
        'endReason', NEW.end_reason));
      RETURN NULL;
    END $$;
    CREATE TRIGGER launches_live AFTER UPDATE OF state ON launches
      FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
      EXECUTE FUNCTION live_event_launch();

    CREATE FUNCTION live_event_trigger_state() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      previous text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END;
    BEGIN
      IF previous IS NOT DISTINCT FROM NEW.state OR (previous IS NULL AND NEW.state = 'inactive')
      THEN
        RETURN NULL;
      END IF;
      PERFORM live_event_emit(NEW.launch_id, 'trigger', jsonb_build_object(
        'ruleId', NEW.rule_id, 'state', NEW.state, 'previousState', previous,
        'firedAt', NEW.fired_at, 'fireCount', NEW.fire_count));
      RETURN NULL;
    END $$;
    CREATE TRIGGER trigger_rule_states_live AFTER INSERT OR UPDATE ON trigger_rule_states
      FOR EACH ROW EXECUTE FUNCTION live_event_trigger_state();

    CREATE FUNCTION live_event_runbook_step() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.state IS NOT DISTINCT FROM NEW.state THEN
        RETURN NULL;
      END IF;
      PERFORM live_event_emit((SELECT launch_id FROM runbook_runs WHERE id = NEW.run_id),
        'runbook', jsonb_build_object(
          'runId', NEW.run_id, 'stepId', NEW.step_id, 'stepState', NEW.state));
      RETURN NULL;
    END $$;
    CREATE TRIGGER runbook_step_runs_live AFTER INSERT OR UPDATE ON runbook_step_runs
      FOR EACH ROW EXECUTE FUNCTION live_event_runbook_step();

    CREATE FUNCTION live_event_samples() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      first_id bigint;
    BEGIN
      WITH inserted AS (
        INSERT INTO live_events (launch_id, venture_id, kind, payload)
        SELECT c.launch_id, l.venture_id, 'sample', jsonb_build_object('metric', c.name, 'points',
          jsonb_agg(jsonb_build_object('labels', c.labels, 'minute', c.minute,
            'value', c.last_value, 'at', c.last_ts, 'count', c.count, 'min', c.min, 'max', c.max)
            ORDER BY c.labels_hash, c.minute))
        FROM changed c LEFT JOIN launches l ON l.id = c.launch_id
        GROUP BY c.launch_id, l.venture_id, c.name
        ORDER BY c.launch_id, c.name
        RETURNING id
      )
      SELECT min(id) INTO first_id FROM inserted;
      IF first_id IS NOT NULL THEN
        PERFORM pg_notify('launchcrew_live', first_id::text);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER metric_rollup_1m_live_insert AFTER INSERT ON metric_rollup_1m
      REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION live_event_samples();
    CREATE TRIGGER metric_rollup_1m_live_update AFTER UPDATE ON metric_rollup_1m
      REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION live_event_samples();
  `.execute(db);
  for (const event of rowEvents) {
    await sql.raw(rowEventTrigger(event)).execute(db);
  }
}

/** A table whose inserted or updated rows each emit one live event of `kind`. */
interface RowEvent {
  /** Suffix of the trigger function `live_event_<fn>`. */
  fn: string;
  table: string;
  trigger: string;
  on: 'INSERT' | 'INSERT OR UPDATE';
  kind: string;
  /** The `jsonb_build_object` arguments, one string per source line. */
  payload: string[];
  /** Emit an update only when `state` changed. */
  stateChangesOnly?: boolean;
}

const rowEvents: RowEvent[] = [
  {
    fn: 'audit',
    table: 'audit_log',
    trigger: 'audit_log_live',
    on: 'INSERT',
    kind: 'audit',
    payload: [
      "'auditId', NEW.id, 'action', NEW.action, 'actor', NEW.actor,",
      "'subjectType', NEW.subject_type, 'subjectId', NEW.subject_id, 'detail', NEW.detail",
    ],
  },
  {
    fn: 'incident',
    table: 'incidents',
    trigger: 'incidents_live',
    on: 'INSERT OR UPDATE',
    kind: 'incident',
    payload: [
      "'incidentId', NEW.id, 'op', lower(TG_OP), 'state', NEW.state, 'severity', NEW.severity,",
      "'title', NEW.title, 'triggerId', NEW.trigger_id, 'ruleId', NEW.rule_id,",
      "'openedAt', NEW.opened_at, 'acknowledgedAt', NEW.acknowledged_at,",
      "'resolvedAt', NEW.resolved_at",
    ],
  },
  {
    fn: 'runbook_run',
    table: 'runbook_runs',
    trigger: 'runbook_runs_live',
    on: 'INSERT OR UPDATE',
    kind: 'runbook',
    payload: ["'runId', NEW.id, 'runbookId', NEW.runbook_id, 'state', NEW.state"],
    stateChangesOnly: true,
  },
  {
    fn: 'approval',
    table: 'approvals',
    trigger: 'approvals_live',
    on: 'INSERT OR UPDATE',
    kind: 'approval',
    payload: [
      "'approvalId', NEW.id, 'incidentId', NEW.incident_id, 'action', NEW.action,",
      "'state', NEW.state, 'severity', NEW.severity, 'deadlineAt', NEW.deadline_at,",
      "'decidedBy', NEW.decided_by",
    ],
  },
  {
    fn: 'activation',
    table: 'activations',
    trigger: 'activations_live',
    on: 'INSERT OR UPDATE',
    kind: 'activation',
    payload: [
      "'activationId', NEW.activation_id, 'channel', NEW.channel, 'state', NEW.state,",
      "'dueAt', NEW.due_at, 'sentAt', NEW.sent_at, 'error', NEW.error",
    ],
    stateChangesOnly: true,
  },
];

/** The trigger function and row trigger of one `RowEvent` (the launch is the row's `launch_id`). */
function rowEventTrigger(event: RowEvent): string {
  const guard = event.stateChangesOnly
    ? `
      IF TG_OP = 'UPDATE' AND OLD.state IS NOT DISTINCT FROM NEW.state THEN
        RETURN NULL;
      END IF;`
    : '';
  return `
    CREATE FUNCTION live_event_${event.fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN${guard}
      PERFORM live_event_emit(NEW.launch_id, '${event.kind}', jsonb_build_object(
        ${event.payload.join('\n        ')}));
      RETURN NULL;
    END $$;
    CREATE TRIGGER ${event.trigger} AFTER ${event.on} ON ${event.table}
      FOR EACH ROW EXECUTE FUNCTION live_event_${event.fn}();
  `;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER metric_rollup_1m_live_update ON metric_rollup_1m;
    DROP TRIGGER metric_rollup_1m_live_insert ON metric_rollup_1m;
    DROP TRIGGER activations_live ON activations;
    DROP TRIGGER approvals_live ON approvals;
    DROP TRIGGER runbook_step_runs_live ON runbook_step_runs;
    DROP TRIGGER runbook_runs_live ON runbook_runs;
    DROP TRIGGER trigger_rule_states_live ON trigger_rule_states;
    DROP TRIGGER incidents_live ON incidents;
    DROP TRIGGER launches_live ON launches;
    DROP TRIGGER audit_log_live ON audit_log;
    DROP FUNCTION live_event_samples(), live_event_activation(), live_event_approval(),
      live_event_runbook_step(), live_event_runbook_run(), live_event_trigger_state(),
      live_event_incident(), live_event_launch(), live_event_audit(),
      live_event_emit(uuid, text, jsonb);
    DROP TABLE live_events;
  `.execute(db);
}
