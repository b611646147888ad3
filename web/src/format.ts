/** Display helpers: every value the dashboard prints goes through React text, never HTML. */

/**
 * A number with `digits` decimals and a unit, or an em dash when unknown.
 *
 * @example
 * formatNumber(99.91, 2, ' %'); // '99.91 %'
 */
export function formatNumber(value: number | null | undefined, digits = 0, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;
}

/**
 * A timestamp as `YYYY-MM-DD HH:MM UTC`.
 *
 * @example
 * formatTime('2026-02-03T09:00:00Z'); // '2026-02-03 09:00 UTC'
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A snake_case name as words.
 *
 * @example
 * humanize('awaiting_go_no_go'); // 'awaiting go no go'
 */
export function humanize(name: string): string {
  return name.replaceAll('_', ' ');
}

/**
 * "Day N of M" of a launch, or its phase before T0 / after the end.
 *
 * @example
 * dayOf({ day: 3, monitoringDays: 7, phase: 'post_launch' }); // 'Day 3 of 7'
 */
export function dayOf(launch: {
  day: number | null;
  monitoringDays: number;
  phase: string;
}): string {
  if (launch.day !== null) return `Day ${launch.day} of ${launch.monitoringDays}`;
  return launch.phase === 'pre_launch' ? 'Before T0' : humanize(launch.phase);
}
