/** Trigger events, plans and notices for alert tests. */
import type { TriggerEvent } from '../../triggers/trigger-event.ts';
import { type AlertNotice, type AlertPlan, alertNoticeFor } from '../alert-notice.ts';

export const launchId = '6f1c2a9e-0000-4000-8000-000000000001';
export const firedAt = '2026-12-01T10:05:00.000Z';

/**
 * A LAUNCH-001 rollback event (P1, critical), firing unless overridden.
 *
 * @example
 * const resolved = triggerEvent({ state: 'resolved', at: '2026-12-01T11:30:00.000Z' });
 */
export function triggerEvent(overrides: Partial<TriggerEvent> = {}): TriggerEvent {
  const state = overrides.state ?? 'firing';
  const at = overrides.at ?? firedAt;
  return {
    id: `${launchId}:LAUNCH-001.rollback_uptime:${firedAt}:${state}`,
    launchId,
    ruleId: 'LAUNCH-001.rollback_uptime',
    triggerId: 'LAUNCH-001',
    state,
    level: 'critical',
    severity: 'P1',
    value: 87.2,
    reason: 'uptime 87.2 % < 90 % for 5m0s',
    at,
    firedAt,
    fireCount: 1,
    ...overrides,
  };
}

/**
 * A plan with the launch team and the given connectors.
 *
 * @example
 * alertPlan([{ id: 'slack', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } }]);
 */
export function alertPlan(connectors: AlertPlan['connectors'] = []): AlertPlan {
  return {
    venture: {
      id: 'acme',
      name: 'Acme Analytics',
      production_url: 'https://acme.example',
      staging_url: 'https://staging.acme.example',
      timezone: 'America/New_York',
      market_country: 'US',
    } as AlertPlan['venture'],
    people: [
      {
        id: 'ana',
        name: 'Ana Lead',
        roles: ['lead', 'launch_coordinator'],
        contact: { email: 'ana@acme.example', slack: '@ana' },
      },
      {
        id: 'dev',
        name: 'Dev Oncall',
        roles: ['devops_oncall'],
        contact: { email: 'dev@acme.example', slack: 'U0DEV0001', pagerduty: 'PDEV001' },
      },
      {
        id: 'mia',
        name: 'Mia Marketing',
        roles: ['marketing'],
        contact: { email: 'mia@acme.example' },
      },
      { id: 'sam', name: 'Sam Support', roles: ['support'], contact: { slack: '@sam' } },
    ],
    connectors,
    triggers: { builtin: {}, rules: [] },
  };
}

/**
 * The notice of `event` for the default plan, sent at 10:05:30.
 *
 * @example
 * slackMessageFor(alertNotice());
 */
export function alertNotice(event: TriggerEvent = triggerEvent()): AlertNotice {
  return alertNoticeFor(
    event,
    { id: launchId, plan: alertPlan() },
    new Date('2026-12-01T10:05:30Z'),
  );
}
