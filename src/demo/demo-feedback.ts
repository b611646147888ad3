/**
 * What the example venture's users tell support during the demo launch: tickets and interview
 * notes in the words users use, recorded through the feedback service like the API does.
 */
const tickets = [
  'I cannot log in after resetting my password',
  'Login link in the welcome e-mail is broken',
  'Would love a Google Calendar integration',
  'Export to PDF crashes on long notes',
  'How do I invite my team?',
  'The summaries are great, thank you!',
  'Sharing settings are confusing',
  'Please add a dark mode',
];

const interviews = [
  'Uses it daily for stand-ups; wants Slack export',
  'Found onboarding slow; liked AI summaries',
  'Team of 12 switched from a doc template; price is fine',
];

/**
 * The feedback items of day `day` (0-based) of the launch: a few tickets each day, an interview
 * every other day. External ids make repeated calls idempotent.
 *
 * @example
 * await recordFeedback(db, clock, launchId, demoFeedbackOfDay(2, at));
 */
export function demoFeedbackOfDay(day: number, at: Date): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 7; i += 1) {
    const text = tickets[(day * 7 + i) % tickets.length] ?? '';
    items.push({
      kind: 'ticket',
      external_id: `demo-ticket-${day}-${i}`,
      text,
      source: 'in-app widget',
      at: new Date(at.getTime() - i * 600_000).toISOString(),
    });
  }
  if (day % 2 === 0) {
    items.push({
      kind: 'interview',
      external_id: `demo-interview-${day}`,
      text: interviews[(day / 2) % interviews.length] ?? '',
      source: 'customer call',
      at: at.toISOString(),
    });
  }
  return items;
}
