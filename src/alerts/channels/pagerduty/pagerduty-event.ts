import type { AlertNotice } from '../../alert-notice.ts';

/** PagerDuty Events API v2 severities. */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** An Events API v2 event without its `routing_key` (added at send time: it is the secret). */
export interface PagerDutyEvent {
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client?: string;
}

/** VENDORS.md: P0 → critical, P1 → error, P2 → warning, P3/info → info. */
const severityOf: Record<string, PagerDutySeverity> = {
  P0: 'critical',
  P1: 'error',
  P2: 'warning',
  P3: 'info',
  critical: 'critical',
  warning: 'warning',
  info: 'info',
};

/**
 * The event for a notice: a `trigger` with the full payload when firing, a `resolve` with the
 * same `dedup_key` when resolved (PagerDuty then closes the same incident).
 *
 * @example
 * pagerDutyEventFor(notice).dedup_key; // 'launchcrew:<launchId>:LAUNCH-001.rollback_uptime:<firedAt>'
 */
export function pagerDutyEventFor(notice: AlertNotice): PagerDutyEvent {
  const { event, launch } = notice;
  if (event.state === 'resolved') {
    return { event_action: 'resolve', dedup_key: notice.dedupKey };
  }
  const summary = `${notice.title}: ${notice.summary}`;
  return {
    event_action: 'trigger',
    dedup_key: notice.dedupKey,
    payload: {
      summary: summary.length > 1024 ? `${summary.slice(0, 1023)}…` : summary,
      source: launch.productionUrl ? new URL(launch.productionUrl).host : launch.ventureId,
      severity: severityOf[event.severity ?? event.level] ?? 'info',
      timestamp: event.at,
      component: launch.ventureId,
      group: `launch:${launch.id}`,
      class: event.triggerId,
      custom_details: {
        rule_id: event.ruleId,
        level: event.level,
        severity: event.severity ?? null,
        value: event.value,
        reason: event.reason,
        fire_count: event.fireCount,
        fired_at: event.firedAt,
        launch_id: launch.id,
        owners: notice.recipients.map((person) => person.name),
      },
    },
    ...(launch.productionUrl
      ? { links: [{ href: launch.productionUrl, text: 'Production' }] }
      : {}),
    client: 'LaunchCrew',
  };
}
