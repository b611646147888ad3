/** Incidents and approvals as the API and the CLI show them (camelCase, ISO times). */
import type { ApprovalRow, IncidentRow } from './incident-tables.ts';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** An incident as shown. */
export interface IncidentView {
  id: string;
  launchId: string;
  triggerId: string;
  ruleId: string;
  state: IncidentRow['state'];
  severity: IncidentRow['severity'];
  severityReason: string;
  title: string;
  fireCount: number;
  postmortem: IncidentRow['postmortem'];
  pagerDutyDedupKeys: string[];
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  mitigatingAt: string | null;
  monitoringAt: string | null;
  resolvedAt: string | null;
}

/** An approval as shown, with the evidence the approver sees. */
export interface ApprovalView {
  id: string;
  launchId: string;
  incidentId: string;
  action: ApprovalRow['action'];
  state: ApprovalRow['state'];
  severity: ApprovalRow['severity'];
  evidence: Record<string, unknown>;
  proposedAt: string;
  deadlineAt: string;
  onTimeout: ApprovalRow['on_timeout'];
  decidedAt: string | null;
  decidedBy: string | null;
  decidedVia: ApprovalRow['decided_via'];
  reason: string | null;
  result: Record<string, unknown> | null;
}

/**
 * The view of an incident row.
 *
 * @example
 * c.json({ incident: toIncidentView(row) });
 */
export function toIncidentView(row: IncidentRow): IncidentView {
  return {
    id: row.id,
    launchId: row.launch_id,
    triggerId: row.trigger_id,
    ruleId: row.rule_id,
    state: row.state,
    severity: row.severity,
    severityReason: row.severity_reason,
    title: row.title,
    fireCount: row.fire_count,
    postmortem: row.postmortem,
    pagerDutyDedupKeys: row.pagerduty_dedup_keys,
    openedAt: row.opened_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    mitigatingAt: iso(row.mitigating_at),
    monitoringAt: iso(row.monitoring_at),
    resolvedAt: iso(row.resolved_at),
  };
}

/**
 * The view of an approval row.
 *
 * @example
 * c.json({ approval: toApprovalView(row) });
 */
export function toApprovalView(row: ApprovalRow): ApprovalView {
  return {
    id: row.id,
    launchId: row.launch_id,
    incidentId: row.incident_id,
    action: row.action,
    state: row.state,
    severity: row.severity,
    evidence: row.evidence,
    proposedAt: row.proposed_at.toISOString(),
    deadlineAt: row.deadline_at.toISOString(),
    onTimeout: row.on_timeout,
    decidedAt: iso(row.decided_at),
    decidedBy: row.decided_by,
    decidedVia: row.decided_via,
    reason: row.reason,
    result: row.result,
  };
}
