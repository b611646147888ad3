import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePlanText } from '../../plan/load.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { t0Instant } from '../../plan/time.ts';
import { readyPlanData } from '../gates/testing/gate-fixtures.ts';
import { renderPlaybook } from './contingency-playbook.ts';
import { renderTimeline, timelineOf } from './launch-timeline.ts';
import { escapeText, foldLine, renderTimelineIcs } from './timeline-ics.ts';

function planOf(data: unknown): LaunchPlan {
  const result = parsePlanText(stringify(data), 'plan.yaml');
  if (!result.plan) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

const data = readyPlanData('tiny', { smtpPort: 2525 });
data.activations.push({
  id: 'press',
  channel: 'press',
  at: 'T+2h',
  template: 'hello',
  description: 'Newswire; embargo, then publish',
} as never);
const plan = planOf(data);
const t0 = t0Instant(plan.t0, plan.venture.timezone) as Date;

describe('launch timeline', () => {
  it('orders preparation, deploy, waves, reports and the end of monitoring by time', () => {
    const items = timelineOf(plan, t0);
    const times = items.map((item) => item.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const offsets = (title: string) =>
      items.filter((i) => i.title.startsWith(title)).map((i) => i.offset);
    expect(offsets('Code freeze starts')).toEqual(['T-2d']);
    expect(offsets('Entry gates')).toEqual(['T-2d']);
    expect(offsets('Team readiness sign-offs due')).toEqual(['T-4h']);
    expect(offsets('Go/No-Go decision')).toEqual(['T-1h']);
    expect(offsets('Deploy (rolling)')).toEqual(['T0']);
    expect(offsets('E-mail: mail-beta')).toEqual(['T+15m']);
    expect(offsets('Press release: press')).toEqual(['T+2h']);
    expect(offsets('Hourly status report')).toHaveLength(72);
    expect(offsets('Hourly status report').at(-1)).toBe('T+3d');
    expect(offsets('Daily status report')).toEqual(['T+4d', 'T+5d', 'T+6d', 'T+1w']);
    expect(items.at(-1)).toMatchObject({ offset: 'T+1w', title: 'Initial monitoring ends' });
    // the deploy comes before the T+15m wave, which comes before the first hourly report
    const index = (title: string) => items.findIndex((i) => i.title.startsWith(title));
    expect(index('Deploy')).toBeLessThan(index('E-mail: mail-beta'));
    expect(index('E-mail: mail-beta')).toBeLessThan(index('Hourly status report 1/72'));
  });

  it('renders Markdown with UTC and local times', () => {
    const markdown = renderTimeline(plan, t0);
    expect(markdown).toContain('# Launch timeline — Tiny');
    expect(markdown).toContain(
      '| 2026-06-09 08:00 | Tue 09 Jun, 10:00 | T0 | Deploy (rolling) | devops_lead |',
    );
    expect(markdown).toContain(
      '| T+2h | Press release: press | marketing_lead | manual, template hello — Newswire; embargo, then publish |',
    );
  });
});

describe('timeline calendar (RFC 5545)', () => {
  const ics = renderTimelineIcs(plan, t0, {
    launchId: 'launch-1',
    now: new Date('2026-06-01T12:00:00Z'),
  });
  const lines = ics.split('\r\n');

  it('is a VCALENDAR of VEVENTs with CRLF line endings and UTC times', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines.slice(0, 3)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//LaunchCrew//Launch timeline//EN',
    ]);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    const events = ics.split('BEGIN:VEVENT').length - 1;
    expect(events).toBe(timelineOf(plan, t0).length);
    expect(ics.split('END:VEVENT').length - 1).toBe(events);
    const uids = lines.filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(events);
    expect(uids[0]).toBe('UID:launch-1-1@launchcrew');
    expect(lines.filter((l) => l.startsWith('DTSTAMP:'))).toContain('DTSTAMP:20260601T120000Z');
    expect(lines).toContain('DTSTART:20260609T080000Z');
    expect(lines).toContain('DTEND:20260609T081500Z');
    expect(
      lines.filter((l) => l.startsWith('DTSTART:')).every((l) => /^DTSTART:\d{8}T\d{6}Z$/.test(l)),
    ).toBe(true);
  });

  it('escapes text and folds lines at 75 octets', () => {
    expect(escapeText('a\\b; c, d\ne')).toBe('a\\\\b\\; c\\, d\\ne');
    expect(lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const unfolded = ics.replaceAll('\r\n ', '');
    expect(unfolded).toContain(
      'DESCRIPTION:manual\\, template hello — Newswire\\; embargo\\, then publish\\nOwner: marketing_lead',
    );
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    const parts = folded.split('\r\n');
    expect(parts.length).toBe(2);
    expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 75)).toBe(true);
    expect(parts[1]?.startsWith(' ')).toBe(true);
    expect(folded.replaceAll('\r\n ', '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });
});

describe('contingency playbook', () => {
  it('renders the decision tree, rollback steps, comms, support surge and marketing pause', () => {
    const markdown = renderPlaybook(plan);
    expect(markdown).toContain('## Rollback decision tree');
    expect(markdown).toContain('Source: SPEC §3 defaults');
    expect(markdown).toContain('| 1 | security true | P0 | security breach |');
    expect(markdown).toContain(
      'LAUNCH-001 proposes a rollback when uptime < 90 % or error rate > 10 %.',
    );
    expect(markdown).toContain(
      '## Rollback steps\n\n1. **back**: revert_traffic (timeout 5m) — Point traffic at the previous release\n2. **check**: health_check (timeout 5m)',
    );
    expect(markdown).toContain('Nobody is e-mailed by default');
    expect(markdown).toContain('| Sam Support | T-2h | T+1d |');
    expect(markdown).toContain('- **Known issue** (known)');
    expect(markdown).toContain('| mail-beta | email | T+15m | pause through connector mail |');
    expect(markdown).toContain('| press | press | T+2h | manual: do not publish / take it down |');
  });

  it('uses the plan decision tree when it has one', () => {
    const custom = planOf({
      ...data,
      incidents: {
        decision_tree: [{ when: { cosmetic: true }, severity: 'P3', why: 'cosmetic only' }],
      },
    });
    const markdown = renderPlaybook(custom);
    expect(markdown).toContain('Source: the plan (incidents.decision_tree)');
    expect(markdown).toContain('| 1 | cosmetic true | P3 | cosmetic only |');
    expect(markdown).not.toContain('security breach');
  });
});
