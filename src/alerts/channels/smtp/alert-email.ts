import type { AlertNotice } from '../../alert-notice.ts';

/**
 * The plain-text body of an alert e-mail.
 *
 * @example
 * alertEmailText(notice); // 'uptime 87.2 % < 90 % for 5m0s\n\nLaunch: Acme (…)\n…'
 */
export function alertEmailText(notice: AlertNotice): string {
  const { event, launch } = notice;
  return [
    notice.summary,
    '',
    `Launch: ${launch.ventureName} (${launch.id})`,
    `Trigger: ${event.triggerId}, rule ${event.ruleId}`,
    `Level: ${event.level}${event.severity ? `, severity ${event.severity}` : ''}`,
    `Value: ${event.value ?? 'no data'}`,
    `Fired at: ${event.firedAt} (fire #${event.fireCount})`,
    ...(event.state === 'resolved' ? [`Resolved at: ${event.at}`] : []),
    '',
    '— LaunchCrew',
    '',
  ].join('\n');
}
