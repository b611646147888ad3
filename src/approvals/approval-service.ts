/**
 * Approvals (SPEC §2–§3 human-in-the-loop): a rollback and a marketing pause are *proposed* for
 * P0/P1 incidents and wait for the LEAD or the DevOps on-call. Each proposal stores the evidence
 * shown to the approver and a deadline (P1: `p1_rollback_decision_minutes`; P0: the plan's
 * `incidents.p0_decision_minutes`) released as due work on the injected clock, with the default
 * action on timeout (`escalate`, or `execute` for P0 when the plan says so). A decision, its
 * effect (the rollback runbook started) and its audit entry commit together, exactly once.
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { escalateToLead } from '../incidents/escalation.ts';
import { incidentDependencies } from '../incidents/incident-dependencies.ts';
import { advanceIncident, lockIncident } from '../incidents/incident-lifecycle.ts';
import {
  type ApprovalAction,
  type ApprovalRow,
  type DecisionChannel,
  type IncidentRow,
  isRowId,
  withIncidentTables,
} from '../incidents/incident-tables.ts';
import { queuePagerDutySync } from '../incidents/pagerduty-sync.ts';
import { scheduleWork } from '../jobs/due-work.ts';
import { defineJob } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { Db, DbExecutor } from '../store/database.ts';
import { approvalRequestJob } from './approval-request.ts';

/** Roles that may decide an approval (SPEC §3). */
export type ApproverRole = 'lead' | 'devops_oncall';

/** A decision on a proposed action. */
export interface ApprovalDecision {
  approvalId: string;
  decision: 'approve' | 'reject';
  /** Audit actor, e.g. `token:ana`, `cli:root`, `slack:U0123ABCD`, `link:ana`. */
  actor: string;
  role: ApproverRole;
  via: DecisionChannel;
  /** Required to reject. */
  reason?: string | undefined;
}

const minute = 60_000;

/**
 * Proposes a rollback (and, unless the plan says otherwise, a marketing pause) for a P0/P1
 * incident inside `trx`, each with its deadline as due work. Does nothing for P2/P3 or when the
 * proposals exist.
 *
 * @example
 * await proposeApprovals(trx, clock, { incident, plan, p1DecisionMinutes: 15, evidence });
 */
export async function proposeApprovals(
  trx: DbExecutor,
  clock: Clock,
  proposal: {
    incident: IncidentRow;
    plan: Pick<LaunchPlan, 'incidents'>;
    p1DecisionMinutes: number;
    evidence: Record<string, unknown>;
  },
): Promise<ApprovalRow[]> {
  const { incident, plan } = proposal;
  if (incident.severity !== 'P0' && incident.severity !== 'P1') return [];
  const policy = plan.incidents;
  const isP0 = incident.severity === 'P0';
  const minutes = isP0 ? (policy?.p0_decision_minutes ?? 5) : proposal.p1DecisionMinutes;
  const onTimeout = isP0 ? (policy?.p0_on_timeout ?? 'escalate') : 'escalate';
  const actions: ApprovalAction[] =
    policy?.propose_marketing_pause === false ? ['rollback'] : ['rollback', 'marketing_pause'];
  const now = clock.now();
  const deadline = new Date(now.getTime() + minutes * minute);
  const created: ApprovalRow[] = [];
  for (const action of actions) {
    const row = await withIncidentTables(trx)
      .insertInto('approvals')
      .values({
        launch_id: incident.launch_id,
        incident_id: incident.id,
        action,
        state: 'pending',
        severity: incident.severity,
        evidence: JSON.stringify(proposal.evidence),
        proposed_at: now,
        deadline_at: deadline,
        on_timeout: onTimeout,
      })
      .onConflict((oc) => oc.columns(['incident_id', 'action']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) continue;
    created.push(row);
    await scheduleWork(trx, clock, {
      kind: approvalRequestJob,
      data: { approvalId: row.id },
      dueAt: now,
      dedupKey: `approval:${row.id}:request`,
      launchId: incident.launch_id,
    });
    await scheduleWork(trx, clock, {
      kind: approvalDeadlineJob,
      data: { approvalId: row.id },
      dueAt: deadline,
      dedupKey: `approval:${row.id}:deadline`,
      launchId: incident.launch_id,
    });
    await recordAudit(trx, clock, {
      actor: 'system:launchcrew',
      action: 'approval.propose',
      subjectType: 'approval',
      subjectId: row.id,
      launchId: incident.launch_id,
      detail: {
        action,
        incident_id: incident.id,
        severity: incident.severity,
        deadline_at: deadline.toISOString(),
        on_timeout: onTimeout,
        evidence: proposal.evidence,
      },
    });
  }
  return created;
}

/**
 * Decides a pending approval: 404 unknown, 409 already decided, 403 when the plan allows only
 * the LEAD, 400 a rejection without a reason. Approving starts the action (the rollback runbook
 * or the marketing pause) in the same transaction and moves the incident to mitigating.
 *
 * @example
 * await decideApproval(db, clock, { approvalId, decision: 'approve', actor: 'token:ana', role: 'lead', via: 'api' });
 */
export async function decideApproval(
  db: Db,
  clock: Clock,
  decision: ApprovalDecision,
): Promise<ApprovalRow> {
  const reason = decision.reason?.trim();
  if (decision.decision === 'reject' && !reason) {
    throw new UserError('invalid_request', 'a reason is required to reject', { path: ['reason'] });
  }
  return db.transaction().execute(async (trx) => {
    const approval = await lockPendingApproval(trx, decision.approvalId);
    const plan = await planOf(trx, approval.launch_id);
    if (
      approval.action === 'rollback' &&
      plan.runbooks?.rollback?.approvers === 'lead' &&
      decision.role !== 'lead'
    ) {
      throw new UserError('forbidden', 'this plan lets only the LEAD approve a rollback', {
        status: 403,
      });
    }
    if (decision.decision === 'reject') {
      return settle(trx, clock, approval, { state: 'rejected', ...decision, reason: reason ?? '' });
    }
    return approveAndStart(trx, clock, approval, { ...decision, reason: reason ?? 'approved' });
  });
}

/**
 * Fires at an approval's deadline: nothing if it was decided; otherwise the default action —
 * `execute` starts it (as `system:approval-timeout`), `escalate` escalates to the LEAD and
 * leaves the approval pending.
 *
 * @example
 * await scheduleWork(trx, clock, { kind: approvalDeadlineJob, data: { approvalId }, dueAt, dedupKey });
 */
export const approvalDeadlineJob = defineJob<{ approvalId: string }>({
  name: 'approval.deadline',
  payload: z.object({ approvalId: z.string() }),
  async run({ approvalId }, { db, clock }) {
    await db.transaction().execute(async (trx) => {
      const approval = await withIncidentTables(trx)
        .selectFrom('approvals')
        .selectAll()
        .where('id', '=', approvalId)
        .forUpdate()
        .executeTakeFirst();
      if (approval?.state !== 'pending') return;
      const minutes = Math.round(
        (approval.deadline_at.getTime() - approval.proposed_at.getTime()) / minute,
      );
      const why = `no decision within ${minutes} min (default action: ${approval.on_timeout})`;
      if (approval.on_timeout === 'execute') {
        await approveAndStart(trx, clock, approval, {
          actor: 'system:approval-timeout',
          via: 'timeout',
          reason: why,
        });
        return;
      }
      await recordAudit(trx, clock, {
        actor: 'system:approval-timeout',
        action: 'approval.timeout',
        subjectType: 'approval',
        subjectId: approval.id,
        launchId: approval.launch_id,
        detail: {
          action: approval.action,
          on_timeout: 'escalate',
          reason: why,
          evidence: approval.evidence,
        },
      });
      await escalateToLead(
        trx,
        clock,
        { id: approval.incident_id, launch_id: approval.launch_id },
        {
          reason: 'approval_timeout',
          dedupKey: `${approval.id}:approval_timeout`,
          message: `${approval.severity} ${approval.action.replace('_', ' ')} still awaits a decision: ${why}`,
          detail: { approval_id: approval.id, action: approval.action },
        },
      );
    });
  },
});

/**
 * Marks the pending approvals of a resolved incident as expired (nothing left to decide).
 *
 * @example
 * await expirePendingApprovals(trx, clock, incident.id, 'incident resolved');
 */
export async function expirePendingApprovals(
  trx: DbExecutor,
  clock: Clock,
  incidentId: string,
  reason: string,
): Promise<number> {
  const expired = await withIncidentTables(trx)
    .updateTable('approvals')
    .set({ state: 'expired', decided_at: clock.now(), reason })
    .where('incident_id', '=', incidentId)
    .where('state', '=', 'pending')
    .returning('id')
    .execute();
  return expired.length;
}

/**
 * One approval; 404 when it does not exist.
 *
 * @example
 * const approval = await getApproval(db, id);
 */
export async function getApproval(executor: DbExecutor, approvalId: string): Promise<ApprovalRow> {
  const row = !isRowId(approvalId)
    ? undefined
    : await withIncidentTables(executor)
        .selectFrom('approvals')
        .selectAll()
        .where('id', '=', approvalId)
        .executeTakeFirst();
  if (!row) throw notFound(approvalId);
  return row;
}

/**
 * Approvals of a launch or an incident, oldest first.
 *
 * @example
 * const pending = (await listApprovals(db, { launchId })).filter((a) => a.state === 'pending');
 */
export async function listApprovals(
  executor: DbExecutor,
  filter: { launchId?: string; incidentId?: string; state?: ApprovalRow['state'] },
): Promise<ApprovalRow[]> {
  let query = withIncidentTables(executor).selectFrom('approvals').selectAll();
  if (filter.launchId) query = query.where('launch_id', '=', filter.launchId);
  if (filter.incidentId) query = query.where('incident_id', '=', filter.incidentId);
  if (filter.state) query = query.where('state', '=', filter.state);
  return query.orderBy('proposed_at').orderBy('action', 'desc').execute();
}

async function lockPendingApproval(trx: DbExecutor, approvalId: string): Promise<ApprovalRow> {
  const approval = !isRowId(approvalId)
    ? undefined
    : await withIncidentTables(trx)
        .selectFrom('approvals')
        .selectAll()
        .where('id', '=', approvalId)
        .forUpdate()
        .executeTakeFirst();
  if (!approval) throw notFound(approvalId);
  if (approval.state !== 'pending') {
    throw new UserError(
      'already_decided',
      `approval ${approvalId} is already ${approval.state}${approval.decided_by ? ` (by ${approval.decided_by})` : ''}`,
      { status: 409 },
    );
  }
  return approval;
}

async function approveAndStart(
  trx: DbExecutor,
  clock: Clock,
  approval: ApprovalRow,
  decision: { actor: string; via: DecisionChannel; reason: string },
): Promise<ApprovalRow> {
  const deps = incidentDependencies();
  const start = approval.action === 'rollback' ? deps.executeRollback : deps.pauseMarketing;
  const result = await start(trx, {
    launchId: approval.launch_id,
    incidentId: approval.incident_id,
    approvalId: approval.id,
    actor: decision.actor,
    reason: decision.reason,
  });
  const settled = await settle(trx, clock, approval, { state: 'approved', ...decision, result });
  const incident = await lockIncident(trx, approval.incident_id);
  await advanceIncident(trx, clock, incident, 'mitigating', {
    actor: decision.actor,
    reason: `${approval.action.replace('_', ' ')} approved: ${decision.reason}`,
    ifForward: true,
  });
  if (approval.action === 'rollback') {
    await queuePagerDutySync(trx, clock, {
      incidentId: approval.incident_id,
      launchId: approval.launch_id,
      key: `change:rollback-started:${approval.id}`,
      action: 'change',
      summary: `Rollback started (approved by ${decision.actor} via ${decision.via})`,
      details: {
        approval_id: approval.id,
        approved_by: decision.actor,
        via: decision.via,
        reason: decision.reason,
      },
    });
  }
  return settled;
}

async function settle(
  trx: DbExecutor,
  clock: Clock,
  approval: ApprovalRow,
  outcome: {
    state: 'approved' | 'rejected';
    actor: string;
    via: DecisionChannel;
    reason: string;
    result?: Record<string, unknown>;
  },
): Promise<ApprovalRow> {
  const now = clock.now();
  const row = await withIncidentTables(trx)
    .updateTable('approvals')
    .set({
      state: outcome.state,
      decided_at: now,
      decided_by: outcome.actor,
      decided_via: outcome.via,
      reason: outcome.reason,
      result: outcome.result ? JSON.stringify(outcome.result) : null,
    })
    .where('id', '=', approval.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, clock, {
    actor: outcome.actor,
    action: `approval.${outcome.state}`,
    subjectType: 'approval',
    subjectId: approval.id,
    launchId: approval.launch_id,
    detail: {
      action: approval.action,
      incident_id: approval.incident_id,
      decided_at: now.toISOString(),
      via: outcome.via,
      reason: outcome.reason,
      evidence: approval.evidence,
      ...(outcome.result ? { result: outcome.result } : {}),
    },
  });
  return row;
}

async function planOf(executor: DbExecutor, launchId: string): Promise<LaunchPlan> {
  const row = await executor
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', launchId)
    .executeTakeFirstOrThrow();
  return row.plan as LaunchPlan;
}

function notFound(approvalId: string): UserError {
  return new UserError('not_found', `approval ${approvalId} does not exist`, {
    status: 404,
    path: ['id'],
  });
}
