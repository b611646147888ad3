/**
 * Incidents (SPEC §3): LAUNCH-001 firings open or update the launch's open incident, classified
 * by the plan's decision tree; P0/P1 incidents get rollback and marketing-pause proposals; more
 * than `escalate_after_firings` firings in a launch escalate to the LEAD; an incident nobody
 * acknowledges in time escalates too. People acknowledge, move, reclassify and resolve them.
 */
import { expirePendingApprovals, proposeApprovals } from '../approvals/approval-service.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { getParameters } from '../launch/parameter-overrides.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import type { TriggerEvent } from '../triggers/trigger-event.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import {
  type Classification,
  type ClassificationInput,
  classifyIncident,
  defaultDecisionTree,
  usersAffectedOf,
} from './decision-tree.ts';
import { acknowledgeDeadlineJob, escalateToLead } from './escalation.ts';
import { incidentDependencies } from './incident-dependencies.ts';
import { advanceIncident, lockIncident } from './incident-lifecycle.ts';
import {
  type IncidentRow,
  type IncidentState,
  isRowId,
  type Severity,
  useNonce,
  withIncidentTables,
} from './incident-tables.ts';

const incidentTrigger = 'LAUNCH-001';
const severityRank: Record<Severity, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
const minute = 60_000;

/**
 * Applies a trigger event to the launch's incidents, once per event (a retried job finds the
 * event's nonce used). Firing LAUNCH-001 rules open or update the incident; when every
 * LAUNCH-001 rule has cleared, the incident is resolved.
 *
 * @example
 * await applyTriggerEvent(db, clock, event);
 */
export async function applyTriggerEvent(db: Db, clock: Clock, event: TriggerEvent): Promise<void> {
  if (event.triggerId !== incidentTrigger) return;
  await db.transaction().execute(async (trx) => {
    if (!(await useNonce(trx, clock.now(), `incident:${event.id}`, 'trigger_event'))) return;
    const open = await withIncidentTables(trx)
      .selectFrom('incidents')
      .selectAll()
      .where('launch_id', '=', event.launchId)
      .where('trigger_id', '=', event.triggerId)
      .where('state', '<>', 'resolved')
      .forUpdate()
      .executeTakeFirst();
    if (event.state === 'resolved') {
      if (open) await resolveWhenClear(trx, clock, open, event);
      return;
    }
    const context = await launchContext(trx, event.launchId);
    const input: ClassificationInput = {
      ruleId: event.ruleId,
      ruleSeverity: event.severity,
      value: event.value,
      usersAffected: usersAffectedOf(event.ruleId, event.value),
    };
    const classification = classifyIncident(
      input,
      context.plan.incidents?.decision_tree ?? defaultDecisionTree,
    );
    const dedupKey = `launchcrew:${event.launchId}:${event.ruleId}:${event.firedAt}`.slice(0, 255);
    const incident = open
      ? await foldFiring(trx, clock, open, { event, classification, dedupKey })
      : await openIncident(trx, clock, { event, classification, dedupKey, context });
    await proposeApprovals(trx, clock, {
      incident,
      plan: context.plan,
      p1DecisionMinutes: context.p1DecisionMinutes,
      evidence: evidenceOf(event, classification),
    });
    await escalateRepeatedFiring(trx, clock, incident, context.plan);
  });
}

/**
 * Acknowledges an incident (stops the unacknowledged escalation; PagerDuty acknowledge).
 *
 * @example
 * await acknowledgeIncident(db, clock, id, { actor: 'token:olu' });
 */
export async function acknowledgeIncident(
  db: Db,
  clock: Clock,
  incidentId: string,
  by: { actor: string; reason?: string },
): Promise<IncidentRow> {
  return moveIncident(db, clock, incidentId, 'acknowledged', {
    actor: by.actor,
    reason: by.reason ?? 'acknowledged',
  });
}

/**
 * Moves an incident forward (409 otherwise); resolving expires its pending approvals.
 *
 * @example
 * await moveIncident(db, clock, id, 'monitoring', { actor: 'token:olu', reason: 'rollback verified' });
 */
export async function moveIncident(
  db: Db,
  clock: Clock,
  incidentId: string,
  to: IncidentState,
  by: { actor: string; reason: string },
): Promise<IncidentRow> {
  return db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, incidentId);
    const moved = await advanceIncident(trx, clock, incident, to, by);
    if (to === 'resolved')
      await expirePendingApprovals(trx, clock, incidentId, `incident resolved: ${by.reason}`);
    return moved;
  });
}

/** A manual reclassification: a severity, or new facts for the decision tree. */
export interface Reclassification {
  actor: string;
  reason: string;
  severity?: Severity | undefined;
  facts?: {
    dataLoss?: boolean | undefined;
    security?: boolean | undefined;
    cosmetic?: boolean | undefined;
    usersAffected?: number | undefined;
  };
}

/**
 * Reclassifies an incident (audited with the old and new severity and why); a new P0/P1 gets
 * its rollback proposal.
 *
 * @example
 * await reclassifyIncident(db, clock, id, { actor: 'token:ana', reason: 'customer data lost', facts: { dataLoss: true } });
 */
export async function reclassifyIncident(
  db: Db,
  clock: Clock,
  incidentId: string,
  change: Reclassification,
): Promise<IncidentRow> {
  if (!change.severity && !change.facts) {
    throw new UserError('invalid_request', 'give a severity or facts to classify by', {
      path: ['severity'],
    });
  }
  return db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, incidentId);
    if (incident.state === 'resolved') {
      throw new UserError('invalid_transition', 'a resolved incident cannot be reclassified', {
        status: 409,
      });
    }
    const context = await launchContext(trx, incident.launch_id);
    const input = { ...(incident.classification.input as ClassificationInput), ...change.facts };
    const classification: Classification = change.severity
      ? { severity: change.severity, why: `manual: ${change.reason}`, branch: -1, input }
      : classifyIncident(input, context.plan.incidents?.decision_tree ?? defaultDecisionTree);
    const updated = await withIncidentTables(trx)
      .updateTable('incidents')
      .set({
        severity: classification.severity,
        severity_reason: classification.why,
        classification: JSON.stringify(classification),
        updated_at: clock.now(),
      })
      .where('id', '=', incidentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, {
      actor: change.actor,
      action: 'incident.reclassify',
      subjectType: 'incident',
      subjectId: incidentId,
      launchId: incident.launch_id,
      detail: {
        from: incident.severity,
        to: classification.severity,
        why: classification.why,
        reason: change.reason,
      },
    });
    await proposeApprovals(trx, clock, {
      incident: updated,
      plan: context.plan,
      p1DecisionMinutes: context.p1DecisionMinutes,
      evidence: {
        ...(incident.classification as Record<string, unknown>),
        reclassified_by: change.actor,
        reason: change.reason,
      },
    });
    return updated;
  });
}

/**
 * One incident; 404 when it does not exist.
 *
 * @example
 * const incident = await getIncident(db, id);
 */
export async function getIncident(executor: DbExecutor, incidentId: string): Promise<IncidentRow> {
  const row = !isRowId(incidentId)
    ? undefined
    : await withIncidentTables(executor)
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', incidentId)
        .executeTakeFirst();
  if (!row)
    throw new UserError('not_found', `incident ${incidentId} does not exist`, {
      status: 404,
      path: ['id'],
    });
  return row;
}

/**
 * Incidents of a launch, newest first.
 *
 * @example
 * const open = (await listIncidents(db, launchId)).filter((i) => i.state !== 'resolved');
 */
export async function listIncidents(
  executor: DbExecutor,
  launchId: string,
): Promise<IncidentRow[]> {
  return withIncidentTables(executor)
    .selectFrom('incidents')
    .selectAll()
    .where('launch_id', '=', launchId)
    .orderBy('opened_at', 'desc')
    .execute();
}

async function openIncident(
  trx: DbExecutor,
  clock: Clock,
  firing: {
    event: TriggerEvent;
    classification: Classification;
    dedupKey: string;
    context: LaunchContext;
  },
): Promise<IncidentRow> {
  const { event, classification } = firing;
  const now = clock.now();
  const incident = await withIncidentTables(trx)
    .insertInto('incidents')
    .values({
      launch_id: event.launchId,
      trigger_id: event.triggerId,
      rule_id: event.ruleId,
      state: 'triggered',
      severity: classification.severity,
      severity_reason: classification.why,
      classification: JSON.stringify(classification),
      title: `${event.triggerId} launch issues: ${event.reason}`,
      pagerduty_dedup_keys: JSON.stringify([firing.dedupKey]),
      opened_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, clock, {
    actor: 'system:launchcrew',
    action: 'incident.open',
    subjectType: 'incident',
    subjectId: incident.id,
    launchId: event.launchId,
    detail: {
      severity: classification.severity,
      why: classification.why,
      evidence: evidenceOf(event, classification),
    },
  });
  const ackMinutes = firing.context.plan.incidents?.ack_escalation_minutes ?? 15;
  await scheduleWork(trx, clock, {
    kind: acknowledgeDeadlineJob,
    data: { incidentId: incident.id },
    dueAt: new Date(now.getTime() + ackMinutes * minute),
    dedupKey: `incident:${incident.id}:ack-deadline`,
    launchId: event.launchId,
  });
  await incidentDependencies().publishIncidentUpdate(trx, {
    launchId: event.launchId,
    incidentId: incident.id,
    status: 'investigating',
    severity: incident.severity,
    message: incident.title,
  });
  return incident;
}

async function foldFiring(
  trx: DbExecutor,
  clock: Clock,
  open: IncidentRow,
  firing: { event: TriggerEvent; classification: Classification; dedupKey: string },
): Promise<IncidentRow> {
  const raise = severityRank[firing.classification.severity] < severityRank[open.severity];
  const keys = open.pagerduty_dedup_keys.includes(firing.dedupKey)
    ? open.pagerduty_dedup_keys
    : [...open.pagerduty_dedup_keys, firing.dedupKey];
  const updated = await withIncidentTables(trx)
    .updateTable('incidents')
    .set({
      fire_count: open.fire_count + 1,
      pagerduty_dedup_keys: JSON.stringify(keys),
      updated_at: clock.now(),
      ...(raise
        ? {
            severity: firing.classification.severity,
            severity_reason: firing.classification.why,
            classification: JSON.stringify(firing.classification),
          }
        : {}),
    })
    .where('id', '=', open.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, clock, {
    actor: 'system:launchcrew',
    action: raise ? 'incident.reclassify' : 'incident.refire',
    subjectType: 'incident',
    subjectId: open.id,
    launchId: open.launch_id,
    detail: {
      rule_id: firing.event.ruleId,
      fire_count: updated.fire_count,
      ...(raise
        ? { from: open.severity, to: updated.severity, why: firing.classification.why }
        : {}),
    },
  });
  return updated;
}

async function escalateRepeatedFiring(
  trx: DbExecutor,
  clock: Clock,
  incident: IncidentRow,
  plan: LaunchPlan,
): Promise<void> {
  const limit = plan.triggers.builtin['LAUNCH-001']?.thresholds?.escalate_after_firings ?? 3;
  const total = await withIncidentTables(trx)
    .selectFrom('incidents')
    .select((eb) => eb.fn.sum<string>('fire_count').as('firings'))
    .where('launch_id', '=', incident.launch_id)
    .where('trigger_id', '=', incidentTrigger)
    .executeTakeFirstOrThrow();
  const firings = Number(total.firings);
  if (firings <= limit) return;
  await escalateToLead(trx, clock, incident, {
    reason: 'repeated_firing',
    dedupKey: `${incident.launch_id}:${incidentTrigger}:repeated_firing`,
    message: `${incidentTrigger} fired ${firings} times in this launch (more than ${limit}): launch strategy review`,
    detail: { firings, limit },
  });
}

async function resolveWhenClear(
  trx: DbExecutor,
  clock: Clock,
  open: IncidentRow,
  event: TriggerEvent,
): Promise<void> {
  const stillFiring = await withTriggerTables(trx)
    .selectFrom('trigger_rule_states')
    .select('rule_id')
    .where('launch_id', '=', event.launchId)
    .where('rule_id', 'like', `${incidentTrigger}.%`)
    .where('rule_id', '<>', event.ruleId)
    .where('state', '=', 'firing')
    .execute();
  await recordAudit(trx, clock, {
    actor: 'system:launchcrew',
    action: 'incident.rule_cleared',
    subjectType: 'incident',
    subjectId: open.id,
    launchId: open.launch_id,
    detail: {
      rule_id: event.ruleId,
      reason: event.reason,
      still_firing: stillFiring.map((r) => r.rule_id),
    },
  });
  if (stillFiring.length > 0) return;
  await advanceIncident(trx, clock, open, 'resolved', {
    actor: 'system:launchcrew',
    reason: `${incidentTrigger} cleared: ${event.reason}`,
  });
  await expirePendingApprovals(trx, clock, open.id, 'incident resolved: LAUNCH-001 cleared');
}

interface LaunchContext {
  plan: LaunchPlan;
  p1DecisionMinutes: number;
}

async function launchContext(executor: DbExecutor, launchId: string): Promise<LaunchContext> {
  const row = await executor
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', launchId)
    .executeTakeFirstOrThrow();
  const parameters = await getParameters(executor, launchId);
  const p1 = parameters.find((p) => p.name === 'p1_rollback_decision_minutes')?.value;
  return { plan: row.plan as LaunchPlan, p1DecisionMinutes: typeof p1 === 'number' ? p1 : 15 };
}

function evidenceOf(event: TriggerEvent, classification: Classification): Record<string, unknown> {
  return {
    rule_id: event.ruleId,
    value: event.value,
    reason: event.reason,
    fired_at: event.firedAt,
    fire_count: event.fireCount,
    severity: classification.severity,
    why: classification.why,
    users_affected: classification.input.usersAffected ?? null,
  };
}
