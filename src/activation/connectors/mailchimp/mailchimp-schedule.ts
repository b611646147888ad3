const quarterHourMs = 15 * 60_000;

/**
 * Mailchimp schedules on the quarter hour only: `sendAt` rounded up to the next quarter hour (kept
 * when already on one), as Mailchimp's UTC `schedule_time`.
 *
 * @example
 * mailchimpScheduleTime(new Date('2026-12-01T10:01:30Z')); // '2026-12-01T10:15:00+00:00'
 */
export function mailchimpScheduleTime(sendAt: Date): string {
  const rounded = new Date(Math.ceil(sendAt.getTime() / quarterHourMs) * quarterHourMs);
  return rounded.toISOString().replace('.000Z', '+00:00');
}
