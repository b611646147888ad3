/**
 * The launch timeline as an iCalendar file (RFC 5545): one VEVENT per timeline item with a
 * stable UID, DTSTAMP, DTSTART/DTEND in UTC, SUMMARY and DESCRIPTION; text escaped (§3.3.11),
 * lines folded at 75 octets (§3.1) and ended with CRLF.
 */
import type { ParameterValues } from '../../plan/parameters.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { timelineOf } from './launch-timeline.ts';

/** Length of each calendar entry. */
const eventMinutes = 15;

/**
 * Renders the timeline of `plan` at `t0` as iCalendar text; `now` is the DTSTAMP and
 * `launchId` makes the UIDs unique across launches.
 *
 * @example
 * await writeFile('launch.ics', renderTimelineIcs(plan, t0, { launchId, now: clock.now() }));
 */
export function renderTimelineIcs(
  plan: LaunchPlan,
  t0: Date,
  options: { launchId: string; now: Date; parameters?: ParameterValues },
): string {
  const stamp = icsTime(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//LaunchCrew//Launch timeline//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`Launch — ${plan.venture.name}`)}`,
  ];
  for (const [index, item] of timelineOf(plan, t0, options.parameters).entries()) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${options.launchId}-${index + 1}@launchcrew`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsTime(item.at)}`,
      `DTEND:${icsTime(new Date(item.at.getTime() + eventMinutes * 60_000))}`,
      `SUMMARY:${escapeText(`${item.offset} ${item.title}`)}`,
      `DESCRIPTION:${escapeText(`${item.detail}\nOwner: ${item.owner}`)}`,
      `CATEGORIES:${escapeText(item.owner)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/**
 * A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon, comma and newlines.
 *
 * @example
 * escapeText('a, b; c\nd'); // 'a\\, b\\; c\\nd'
 */
export function escapeText(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll(';', '\\;')
    .replaceAll(',', '\\,')
    .replaceAll(/\r?\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (UTF-8), never inside a character: continuation lines start
 * with one space.
 *
 * @example
 * foldLine('DESCRIPTION:' + 'x'.repeat(100)).split('\r\n').length; // 2
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function icsTime(date: Date): string {
  return `${date.toISOString().replaceAll(/[-:]/g, '').slice(0, 15)}Z`;
}
