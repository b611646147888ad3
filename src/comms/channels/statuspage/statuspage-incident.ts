/**
 * Statuspage incident bodies (VENDORS.md): P0 → critical / major_outage, P1 → major /
 * partial_outage, P2 → minor / degraded_performance, P3 → none / operational; a resolved
 * incident puts its components back to operational.
 */
import type { IncidentSeverity, IncidentStatus } from '../../comms-tables.ts';

/** Statuspage component status. */
export type ComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage';

/** Statuspage incident impact. */
export type IncidentImpact = 'none' | 'minor' | 'major' | 'critical';

const impacts: Record<IncidentSeverity, { impact: IncidentImpact; component: ComponentStatus }> = {
  P0: { impact: 'critical', component: 'major_outage' },
  P1: { impact: 'major', component: 'partial_outage' },
  P2: { impact: 'minor', component: 'degraded_performance' },
  P3: { impact: 'none', component: 'operational' },
};

/**
 * The impact and component status of a severity.
 *
 * @example
 * severityImpact('P1'); // { impact: 'major', component: 'partial_outage' }
 */
export function severityImpact(severity: IncidentSeverity) {
  return impacts[severity];
}

/** What one Statuspage create or update says. */
export interface StatuspageIncidentUpdate {
  name: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  body: string;
  componentIds: readonly string[];
  deliverNotifications: boolean;
}

/**
 * The JSON body of `POST /v1/pages/{page_id}/incidents` (and of the `PATCH` that updates it).
 *
 * @example
 * statuspageIncidentBody({ name: 'Outage', status: 'investigating', severity: 'P0', body: '…',
 *   componentIds: ['c1'], deliverNotifications: true });
 */
export function statuspageIncidentBody(update: StatuspageIncidentUpdate) {
  const { impact, component } = severityImpact(update.severity);
  const componentStatus: ComponentStatus = update.status === 'resolved' ? 'operational' : component;
  return {
    incident: {
      name: update.name,
      status: update.status,
      impact_override: impact,
      body: update.body,
      component_ids: [...update.componentIds],
      components: Object.fromEntries(update.componentIds.map((id) => [id, componentStatus])),
      deliver_notifications: update.deliverNotifications,
    },
  };
}
