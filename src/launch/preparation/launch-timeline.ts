/**
 * The minute-by-minute launch timeline (SPEC §1 31.1), generated from the plan: T-x preparation
 * (freeze, gates, sign-offs, go/no-go), support shifts, the T0 deploy, the marketing waves at
 * their offsets (press and announcements included), the T+15m deliverability check, the reports
 * (hourly to T+72h, then daily) and the end of monitoring. Rendered as Markdown here and as an
 * iCalendar file by `timeline-ics.ts`.
 */
import { formatOffset, parseOffset } from '../../plan/durations.ts';
import type { ParameterValues } from '../../plan/parameters.ts';
import { parameterValuesOf, resolveParameters } from '../../plan/resolve.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { reportPeriods } from '../../reports/report-period.ts';
import { markdownCell } from './markdown-cell.ts';

/** One entry of the timeline. */
export interface TimelineItem {
  at: Date;
  /** Offset from T0 in the plan's notation, e.g. `T-48h`, `T+15m`. */
  offset: string;
  title: string;
  /** Who owns it: a role of the plan. */
  owner: string;
  detail: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const channelLabels: Record<LaunchPlan['activations'][number]['channel'], string> = {
  email: 'E-mail',
  social: 'Social post',
  ads: 'Paid ads on',
  press: 'Press release',
  blog: 'Blog post',
  community: 'Community post',
  chat: 'Announcement (chat)',
  in_app_banner: 'In-app banner',
  homepage: 'Homepage update',
  status_page: 'Status page',
};

/**
 * Every timeline item of `plan` launched at `t0`, in time order (ties keep plan order).
 * Parameters default to the plan's own (with preset and defaults).
 *
 * @example
 * timelineOf(plan, t0).find((item) => item.offset === 'T0')?.title; // 'Deploy (blue_green)'
 */
export function timelineOf(
  plan: LaunchPlan,
  t0: Date,
  parameters: ParameterValues = parameterValuesOf(resolveParameters({ plan })),
): TimelineItem[] {
  const base = t0.getTime();
  const items: TimelineItem[] = [];
  const add = (offsetMs: number, title: string, owner: string, detail: string) =>
    items.push({
      at: new Date(base + offsetMs),
      offset: formatOffset(offsetMs),
      title,
      owner,
      detail,
    });
  const freeze = -parameters.pre_launch_freeze * HOUR;
  add(
    freeze,
    'Code freeze starts',
    'devops_lead',
    `No deploys until T0 (pre_launch_freeze ${parameters.pre_launch_freeze} h).`,
  );
  add(
    freeze,
    'Entry gates and pre-launch validation',
    'launch_coordinator',
    'Automatic evidence for production, marketing and support; smoke checks, test alert, analytics, DNS (`launchcrew gates <launch> --evaluate`).',
  );
  add(
    -4 * HOUR,
    'Team readiness sign-offs due',
    'launch_coordinator',
    'Launch coordinator, DevOps lead, Marketing lead and Support lead sign off (`launchcrew signoff <launch> <role>`).',
  );
  add(
    -HOUR,
    'Go/No-Go decision',
    'lead',
    'The LEAD approves with the gate report shown, or postpones to a new date.',
  );
  for (const shift of plan.support.roster) {
    const from = parseOffset(shift.from);
    if (from === undefined) continue;
    const person = plan.people.find((p) => p.id === shift.person)?.name ?? shift.person;
    add(from, `Support shift: ${person}`, 'support_lead', `${shift.from} – ${shift.to}`);
  }
  const { deploy } = plan.runbooks;
  add(
    0,
    `Deploy (${deploy.strategy})`,
    'devops_lead',
    `Runbook: ${deploy.steps.map((s) => `${s.id} (${s.action})`).join(' → ')}; then product live.`,
  );
  for (const activation of plan.activations) {
    const offset = parseOffset(activation.at);
    if (offset === undefined) continue;
    const how = activation.connector ? `via ${activation.connector}` : 'manual';
    const audience = activation.audience ? ` to ${activation.audience}` : '';
    add(
      offset,
      `${channelLabels[activation.channel]}: ${activation.id}`,
      'marketing_lead',
      `${how}${audience}, template ${activation.template}${activation.description ? ` — ${activation.description}` : ''}`,
    );
  }
  if (plan.activations.some((a) => a.channel === 'email' || a.channel === 'social')) {
    add(
      15 * MINUTE,
      'Deliverability and engagement check',
      'marketing_lead',
      'Bounces, opens and clicks of the T0 wave; pause a channel that misbehaves.',
    );
  }
  for (const period of reportPeriods(t0, parameters.post_launch_monitoring)) {
    const label =
      period.cadence === 'hourly'
        ? `Hourly status report ${period.index}/72`
        : `Daily status report (day ${period.index})`;
    add(
      period.end.getTime() - base,
      label,
      'launch_coordinator',
      'Chat and e-mail report of the launch metrics and triggers.',
    );
  }
  add(
    parameters.post_launch_monitoring * DAY,
    'Initial monitoring ends',
    'launch_coordinator',
    'Exit gates, feedback report and handoff to Stage 32.',
  );
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * The timeline as Markdown: one row per item with the UTC time, the venture's local time, the
 * offset from T0, what happens and its owner.
 *
 * @example
 * const markdown = renderTimeline(plan, t0);
 */
export function renderTimeline(plan: LaunchPlan, t0: Date, parameters?: ParameterValues): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: plan.venture.timezone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const rows = timelineOf(plan, t0, parameters).map(
    (item) =>
      `| ${item.at.toISOString().slice(0, 16).replace('T', ' ')} | ${local.format(item.at)} | ${item.offset} | ${markdownCell(item.title)} | ${item.owner} | ${markdownCell(item.detail)} |`,
  );
  return [
    `# Launch timeline — ${plan.venture.name}`,
    '',
    `T0: ${t0.toISOString()} (${plan.venture.timezone}: ${local.format(t0)})`,
    '',
    `| UTC | ${plan.venture.timezone} | Offset | What | Owner | Detail |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
