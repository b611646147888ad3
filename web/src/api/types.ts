/** Shapes of the dashboard API (docs/dashboard-api.md) and of the REST resources the SPA reads. */

export type Role = 'lead' | 'devops_oncall' | 'marketing' | 'support' | 'viewer';
export type Severity = 'P0' | 'P1' | 'P2' | 'P3';
export type SeverityCounts = Record<Severity, number>;

/** `GET /v1/me`. */
export interface Caller {
  name: string;
  role: Role;
}

/** One launch of `GET /v1/portfolio` (also `launch` of the summary). */
export interface PortfolioLaunch {
  id: string;
  ventureId: string;
  ventureName: string;
  state: string;
  phase: 'pre_launch' | 'launch_day' | 'post_launch' | 'ended';
  t0: string;
  endedAt: string | null;
  day: number | null;
  monitoringDays: number;
  readiness: { score: number; evaluatedAt: string } | null;
  health: {
    uptimePercent: number | null;
    errorRatePercent: number | null;
    newUsers: number | null;
    newUsersTarget: number | null;
    openIncidents: SeverityCounts;
  };
}

export interface Portfolio {
  lastEventId: number;
  launches: PortfolioLaunch[];
}

export interface TriggerCondition {
  metric: string;
  operator: string;
  threshold: number;
  unit: string;
}

export interface TriggerRule {
  ruleId: string;
  triggerId: string;
  summary: string;
  state: 'inactive' | 'pending' | 'firing';
  firedAt: string | null;
  lastEvalAt: string | null;
  conditions: TriggerCondition[];
}

/** `GET /v1/launches/{id}/summary`. */
export interface LaunchSummary {
  lastEventId: number;
  launch: PortfolioLaunch;
  uptime: {
    value: number | null;
    target: number;
    points: Array<{ t: string; value: number | null }>;
  };
  acquisition: {
    newUsers: number | null;
    target: number | null;
    byChannel: Record<string, number>;
  };
  engagement: { returningUsers48hPercent: number | null; reason: string | null };
  incidents: SeverityCounts & { open: number };
  marketing: { cpaByChannel: Array<{ channel: string; value: number; at: string }> };
  automation: { automationPercent: number; humanMinutes: number; manualBaselineMinutes: number };
  triggers: TriggerRule[];
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

export type TimelineCategory =
  | 'gate'
  | 'signoff'
  | 'go'
  | 'live'
  | 'activation'
  | 'trigger'
  | 'incident'
  | 'approval'
  | 'comms';

/** One item of `GET /v1/launches/{id}/timeline-events`. */
export interface TimelineItem {
  id: string;
  at: string;
  category: TimelineCategory;
  action: string;
  actor: string;
  subjectType: string;
  subjectId: string;
  title: string;
  detail: Record<string, unknown>;
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
