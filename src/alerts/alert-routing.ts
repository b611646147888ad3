/**
 * Which channels an alert goes to (SPEC §3, issue 3): critical → paging and chat, warning →
 * chat, info → chat and e-mail. Every connector of the plan of a routed kind receives it, unless
 * its config says `alerts: false`. A resolve follows the same route as its firing.
 */
import type { ConnectorKind } from '../plan/sections/connectors.ts';
import type { AlertLevel } from '../triggers/trigger-event.ts';
import type { AlertPlan } from './alert-notice.ts';

/**
 * Connector kinds per alert level.
 *
 * @example
 * alertRoutes.critical; // ['paging', 'chat']
 */
export const alertRoutes: Readonly<Record<AlertLevel, readonly ConnectorKind[]>> = {
  critical: ['paging', 'chat'],
  warning: ['chat'],
  info: ['chat', 'email'],
};

/** A connector of the plan. */
export type AlertConnector = AlertPlan['connectors'][number];

/**
 * The plan's connectors an alert of `level` goes to, in plan order.
 *
 * @example
 * routeAlert('critical', plan).map((c) => c.id); // ['slack', 'pagerduty']
 */
export function routeAlert(
  level: AlertLevel,
  plan: Pick<AlertPlan, 'connectors'>,
): AlertConnector[] {
  const kinds = alertRoutes[level];
  return plan.connectors.filter(
    (connector) => kinds.includes(connector.kind) && connector.config?.alerts !== false,
  );
}
