/**
 * The post-mortem draft of an incident (issue 4, item 7), collected from what LaunchCrew
 * recorded: the timeline (detected, acknowledged, mitigated, monitoring, resolved), the impact
 * window, the LAUNCH-001 metrics around it (trigger evaluations from 30 min before to 30 min
 * after), the actions decided and taken (approvals, runbooks, escalations, from the audit log),
 * the communications sent (the delivery ledger) and the follow-ups still open.
 */
import { listAudit } from '../audit/audit-log.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { getIncident } from './incident-service.ts';
import { type IncidentRow, withIncidentTables } from './incident-tables.ts';

const aroundMs = 30 * 60_000;

/** One line of the timeline. */
export interface TimelineEntry {
  at: string;
  actor: string;
  what: string;
}

/** First, worst and last value of one rule around the incident. */
export interface MetricAround {
  ruleId: string;
  evaluations: number;
  first: number | null;
  worst: number | null;
  last: number | null;
  breaches: number;
}

/** Everything a post-mortem draft shows. */
export interface PostmortemDraft {
  incident: Pick<
    IncidentRow,
    'id' | 'severity' | 'severity_reason' | 'title' | 'state' | 'fire_count'
  >;
  ventureName: string;
  milestones: {
    detected: string;
    acknowledged: string | null;
    mitigated: string | null;
    monitoring: string | null;
    resolved: string | null;
  };
  impact: { from: string; to: string; minutes: number; ongoing: boolean };
  metrics: MetricAround[];
  timeline: TimelineEntry[];
  comms: Array<{ channel: string; key: string; state: string; sentAt: string | null }>;
  followUps: string[];
}

/**
 * Collects the draft of incident `incidentId` as of `now` (an unresolved incident's impact runs
 * to `now`).
 *
 * @example
 * const draft = await collectPostmortem(db, incidentId, clock.now());
 * const markdown = renderPostmortemMarkdown(draft);
 */
export async function collectPostmortem(
  executor: DbExecutor,
  incidentId: string,
  now: Date,
): Promise<PostmortemDraft> {
  const incident = await getIncident(executor, incidentId);
  const launch = await executor
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', incident.launch_id)
    .executeTakeFirstOrThrow();
  const end = incident.resolved_at ?? now;
  const from = new Date(incident.opened_at.getTime() - aroundMs);
  const to = new Date(end.getTime() + aroundMs);
  const audit = (await listAudit(executor, { launchId: incident.launch_id, limit: 1000 }))
    .filter((entry) => entry.at >= incident.opened_at && entry.at <= to)
    .reverse();
  const approvals = await withIncidentTables(executor)
    .selectFrom('approvals')
    .selectAll()
    .where('incident_id', '=', incident.id)
    .orderBy('proposed_at')
    .execute();
  const deliveries = await executor
    .selectFrom('deliveries')
    .select(['channel', 'key', 'state', 'sent_at', 'created_at'])
    .where('launch_id', '=', incident.launch_id)
    .where('created_at', '>=', incident.opened_at)
    .where('created_at', '<=', to)
    .orderBy('created_at')
    .execute();
  return {
    incident,
    ventureName: (launch.plan as LaunchPlan).venture.name,
    milestones: {
      detected: incident.opened_at.toISOString(),
      acknowledged: incident.acknowledged_at?.toISOString() ?? null,
      mitigated: incident.mitigating_at?.toISOString() ?? null,
      monitoring: incident.monitoring_at?.toISOString() ?? null,
      resolved: incident.resolved_at?.toISOString() ?? null,
    },
    impact: {
      from: incident.opened_at.toISOString(),
      to: end.toISOString(),
      minutes: Math.round((end.getTime() - incident.opened_at.getTime()) / 60_000),
      ongoing: incident.resolved_at === null,
    },
    metrics: await metricsAround(executor, incident.launch_id, from, to),
    timeline: audit.map((entry) => ({
      at: entry.at.toISOString(),
      actor: entry.actor,
      what: describeEntry(entry.action, entry.detail),
    })),
    comms: deliveries.map((d) => ({
      channel: d.channel,
      key: d.key,
      state: d.state,
      sentAt: d.sent_at?.toISOString() ?? null,
    })),
    followUps: [
      'Root cause: what changed, why it failed, why it was not caught before release.',
      ...approvals
        .filter((a) => a.state === 'pending')
        .map(
          (a) =>
            `Decide the pending ${a.action.replace('_', ' ')} (proposed ${a.proposed_at.toISOString()}).`,
        ),
      ...approvals
        .filter((a) => a.state === 'expired')
        .map(
          (a) => `Review the undecided ${a.action.replace('_', ' ')} (${a.reason ?? 'expired'}).`,
        ),
      ...approvals
        .filter((a) => a.state === 'rejected')
        .map((a) => `Revisit the rejected ${a.action.replace('_', ' ')}: ${a.reason ?? ''}`),
      ...(incident.resolved_at
        ? []
        : ['Resolve the incident and confirm metrics are back within thresholds.']),
      ...(deliveries.some((d) => d.state === 'failed' || d.state === 'unknown')
        ? ['Reconcile communications that failed or whose outcome is unknown.']
        : []),
      'Preventive actions with owners and dates.',
    ],
  };
}

async function metricsAround(
  executor: DbExecutor,
  launchId: string,
  from: Date,
  to: Date,
): Promise<MetricAround[]> {
  const rows = await withTriggerTables(executor)
    .selectFrom('trigger_evaluations')
    .select(['rule_id', 'value', 'result'])
    .where('launch_id', '=', launchId)
    .where('rule_id', 'like', 'LAUNCH-001.%')
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('rule_id')
    .orderBy('at')
    .execute();
  const byRule = new Map<string, typeof rows>();
  for (const row of rows) byRule.set(row.rule_id, [...(byRule.get(row.rule_id) ?? []), row]);
  return [...byRule.entries()].map(([ruleId, evaluations]) => {
    const values = evaluations.map((e) => e.value).filter((v): v is number => v !== null);
    const higherIsWorse = !/uptime/.test(ruleId);
    return {
      ruleId,
      evaluations: evaluations.length,
      first: evaluations[0]?.value ?? null,
      worst: values.length === 0 ? null : higherIsWorse ? Math.max(...values) : Math.min(...values),
      last: evaluations.at(-1)?.value ?? null,
      breaches: evaluations.filter((e) => e.result === 'breach').length,
    };
  });
}

function describeEntry(action: string, detail: Record<string, unknown>): string {
  const parts = [action];
  for (const key of [
    'severity',
    'from',
    'to',
    'why',
    'action',
    'via',
    'reason',
    'message',
    'runbook',
  ]) {
    const value = detail[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}: ${value}`);
  }
  return parts.join(' — ');
}
