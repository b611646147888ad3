import { describe, expect, it } from 'vitest';
import { alertNoticeFor } from './alert-notice.ts';
import { routeAlert } from './alert-routing.ts';
import { alertPlan, launchId, triggerEvent } from './testing/alert-fixtures.ts';

const plan = alertPlan([
  { id: 'slack', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'SLACK_URL' } },
  { id: 'pagerduty', kind: 'paging', vendor: 'pagerduty', config: { routing_key_env: 'PD_KEY' } },
  { id: 'mail', kind: 'email', vendor: 'smtp', config: { host: 'smtp.acme.example' } },
  { id: 'ops-bot', kind: 'chat', vendor: 'webhook', config: { url: 'https://bot.acme.example' } },
  { id: 'announce', kind: 'chat', vendor: 'slack', config: { alerts: false } },
  { id: 'statuspage', kind: 'status_page', vendor: 'statuspage' },
]);

describe('routing by level', () => {
  it.each([
    ['critical', ['slack', 'pagerduty', 'ops-bot']],
    ['warning', ['slack', 'ops-bot']],
    ['info', ['slack', 'mail', 'ops-bot']],
  ] as const)('%s goes to %j', (level, connectors) => {
    expect(routeAlert(level, plan).map((connector) => connector.id)).toEqual(connectors);
  });

  it('a plan without connectors of the routed kinds routes nowhere', () => {
    expect(routeAlert('critical', alertPlan([]))).toEqual([]);
  });
});

describe('who an alert is for', () => {
  const recipientsOf = (triggerId: string, notify?: string[]) => {
    const withNotify = alertPlan();
    if (notify)
      withNotify.triggers.rules.push({
        id: triggerId,
        expr: 'x > 1',
        for: '0s',
        no_data: 'keep_state',
        severity: 'P2',
        notify,
      });
    if (notify && triggerId.startsWith('LAUNCH-')) {
      withNotify.triggers.builtin = {
        [triggerId]: { enabled: true, no_data: 'keep_state', notify },
      };
    }
    const notice = alertNoticeFor(
      triggerEvent({ triggerId }),
      { id: launchId, plan: withNotify },
      new Date(),
    );
    return notice.recipients.map((person) => person.id);
  };

  it('the owners of each built-in trigger (SPEC §2)', () => {
    expect(recipientsOf('LAUNCH-001')).toEqual(['ana', 'dev']);
    expect(recipientsOf('LAUNCH-002')).toEqual(['mia']);
    expect(recipientsOf('LAUNCH-003')).toEqual(['sam']);
    expect(recipientsOf('LAUNCH-004')).toEqual(['ana']);
  });

  it('custom rules reach on-call and the lead, plus the people they notify', () => {
    expect(recipientsOf('checkout-errors')).toEqual(['ana', 'dev']);
    expect(recipientsOf('checkout-errors', ['sam'])).toEqual(['ana', 'dev', 'sam']);
    expect(recipientsOf('LAUNCH-002', ['sam'])).toEqual(['mia', 'sam']);
  });
});
