/** Shapes of the dashboard API (docs/dashboard-api.md) and of the REST resources the SPA reads. */
import type { LaunchSummary as ServerLaunchSummary } from '../../../src/live/launch-summary.ts';
import type { PortfolioLaunch } from '../../../src/live/portfolio.ts';

export type { TriggerStatus as TriggerRule } from '../../../src/live/launch-summary.ts';
export type { PortfolioLaunch, SeverityCounts } from '../../../src/live/portfolio.ts';
export type { TimelineCategory, TimelineItem } from '../../../src/live/timeline-events.ts';

export type Role = 'lead' | 'devops_oncall' | 'marketing' | 'support' | 'viewer';
export type Severity = 'P0' | 'P1' | 'P2' | 'P3';

/** `GET /v1/me`. */
export interface Caller {
  name: string;
  role: Role;
}

export interface Portfolio {
  lastEventId: number;
  launches: PortfolioLaunch[];
}

/** `GET /v1/launches/{id}/summary`. */
export interface LaunchSummary extends ServerLaunchSummary {
  lastEventId: number;
}

/** `GET /v1/launches/{id}/series`. */
export interface MetricSeries {
  metric: string;
  from: string;
  to: string;
  series: Array<{ labels: Record<string, string>; points: Array<{ t: string; value: number }> }>;
  thresholds: Array<{
    ruleId: string;
    triggerId: string;
    operator: string;
    value: number;
    unit: string;
  }>;
  markers: Array<{ ruleId: string; kind: 'firing' | 'resolved'; at: string }>;
}

export interface Incident {
  id: string;
  launchId: string;
  triggerId: string;
  ruleId: string;
  state: 'triggered' | 'acknowledged' | 'mitigating' | 'monitoring' | 'resolved';
  severity: Severity;
  title: string;
  openedAt: string;
  resolvedAt: string | null;
}

export interface Approval {
  id: string;
  launchId: string;
  incidentId: string;
  action: 'rollback' | 'marketing_pause';
  state: 'pending' | 'approved' | 'rejected' | 'expired';
  severity: Severity;
  evidence: Record<string, unknown>;
  proposedAt: string;
  deadlineAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  result: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: Record<string, unknown>;
}

/** One live event of `GET /v1/events`. */
export interface LiveEvent {
  id: number;
  kind: 'audit' | 'incident' | 'trigger' | 'runbook' | 'approval' | 'sample' | 'reset';
  launchId: string | null;
  ventureId: string | null;
  at: string;
  payload: Record<string, unknown>;
}
