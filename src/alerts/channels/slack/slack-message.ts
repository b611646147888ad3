import type { AlertNotice } from '../../alert-notice.ts';

/** A Slack incoming-webhook message: `text` is the fallback for notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack member ids are mentioned as `<@U…>`; handles are shown as written. */
function mention(slack: string): string {
  return slack.startsWith('@') ? slack : `<@${slack}>`;
}

const limit = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * Renders an alert as Block Kit: a header, the reason with level/severity/rule/value fields,
 * and a context line with the launch, the owners to reach and when it fired.
 *
 * @example
 * slackMessageFor(notice).text; // '🔴 FIRING LAUNCH-001 Launch issues (P1) — Acme: uptime …'
 */
export function slackMessageFor(notice: AlertNotice): SlackMessage {
  const { event } = notice;
  const owners = notice.recipients.flatMap((person) =>
    person.slack ? [mention(person.slack)] : [],
  );
  const fields = [
    `*Level*\n${event.level}`,
    `*Severity*\n${event.severity ?? '—'}`,
    `*Rule*\n${event.ruleId}`,
    `*Value*\n${event.value ?? 'no data'}`,
  ];
  const context = [
    `Launch ${notice.launch.id}`,
    `fired ${event.firedAt}`,
    ...(event.state === 'resolved' ? [`resolved ${event.at}`] : []),
    `fire #${event.fireCount}`,
    ...(owners.length > 0 ? [`owners ${owners.join(' ')}`] : []),
  ];
  return {
    text: limit(`${notice.title}: ${notice.summary}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: limit(notice.title, 150), emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: limit(notice.summary, 3000) },
        fields: fields.map((text) => ({ type: 'mrkdwn', text })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
  };
}
