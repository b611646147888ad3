/** Renders a post-mortem draft as Markdown and as a standalone HTML page. */
import type { PostmortemDraft } from './postmortem.ts';

const dash = '—';
const cell = (value: unknown): string =>
  value === null || value === undefined ? dash : String(value);

function sections(draft: PostmortemDraft) {
  const { incident, milestones, impact } = draft;
  return {
    title: `Post-mortem (draft): ${incident.severity} ${incident.title}`,
    summary: `${draft.ventureName}: ${incident.severity} incident (${incident.severity_reason}), ${incident.fire_count} firing(s), state ${incident.state}.`,
    milestones: [
      ['Detected', milestones.detected],
      ['Acknowledged', milestones.acknowledged],
      ['Mitigated', milestones.mitigated],
      ['Monitoring', milestones.monitoring],
      ['Resolved', milestones.resolved],
    ] as const,
    impact: `${impact.from} → ${impact.to} (${impact.minutes} min${impact.ongoing ? ', ongoing' : ''})`,
  };
}

/**
 * The draft as Markdown.
 *
 * @example
 * await writeFile('postmortem.md', renderPostmortemMarkdown(draft));
 */
export function renderPostmortemMarkdown(draft: PostmortemDraft): string {
  const s = sections(draft);
  const table = (head: string[], rows: unknown[][]) =>
    [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  return `${[
    `# ${s.title}`,
    s.summary,
    '## Timeline',
    table(
      ['Milestone', 'At'],
      s.milestones.map(([name, at]) => [name, at]),
    ),
    '## Impact window',
    s.impact,
    '## Metrics around the incident',
    draft.metrics.length === 0
      ? 'No LAUNCH-001 evaluations recorded in the window.'
      : table(
          ['Rule', 'Evaluations', 'First', 'Worst', 'Last', 'Breaches'],
          draft.metrics.map((m) => [m.ruleId, m.evaluations, m.first, m.worst, m.last, m.breaches]),
        ),
    '## Actions',
    draft.timeline.map((t) => `- ${t.at} ${t.actor}: ${t.what}`).join('\n') || 'None recorded.',
    '## Communications sent',
    draft.comms.length === 0
      ? 'None.'
      : table(
          ['Channel', 'Delivery', 'State', 'Sent at'],
          draft.comms.map((c) => [c.channel, c.key, c.state, c.sentAt]),
        ),
    '## Follow-ups',
    draft.followUps.map((f) => `- [ ] ${f}`).join('\n'),
  ].join('\n\n')}\n`;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The draft as a standalone HTML page (every value escaped).
 *
 * @example
 * c.html(renderPostmortemHtml(draft));
 */
export function renderPostmortemHtml(draft: PostmortemDraft): string {
  const s = sections(draft);
  const table = (head: string[], rows: unknown[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(cell(v))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const list = (items: string[]) =>
    `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(s.title)}</title><style>body{font:15px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style></head><body>
<h1>${escapeHtml(s.title)}</h1><p>${escapeHtml(s.summary)}</p>
<h2>Timeline</h2>${table(
    ['Milestone', 'At'],
    s.milestones.map(([name, at]) => [name, at]),
  )}
<h2>Impact window</h2><p>${escapeHtml(s.impact)}</p>
<h2>Metrics around the incident</h2>${
    draft.metrics.length === 0
      ? '<p>No LAUNCH-001 evaluations recorded in the window.</p>'
      : table(
          ['Rule', 'Evaluations', 'First', 'Worst', 'Last', 'Breaches'],
          draft.metrics.map((m) => [m.ruleId, m.evaluations, m.first, m.worst, m.last, m.breaches]),
        )
  }
<h2>Actions</h2>${list(draft.timeline.map((t) => `${t.at} ${t.actor}: ${t.what}`))}
<h2>Communications sent</h2>${
    draft.comms.length === 0
      ? '<p>None.</p>'
      : table(
          ['Channel', 'Delivery', 'State', 'Sent at'],
          draft.comms.map((c) => [c.channel, c.key, c.state, c.sentAt]),
        )
  }
<h2>Follow-ups</h2>${list(draft.followUps)}
</body></html>
`;
}
