/** The handoff package as one Markdown document for the Stage 32 team. */
import type { HandoffPackage } from './handoff-package.ts';

/**
 * Renders the handoff package as Markdown (headings, lists and tables; no HTML).
 *
 * @example
 * const markdown = renderHandoffMarkdown(await buildHandoffPackage(db, clock, launchId));
 */
export function renderHandoffMarkdown(pkg: HandoffPackage): string {
  const { retrospective: retro, feedbackSummary: feedback, metricsSnapshot: snapshot } = pkg;
  const onboarding = pkg.customerSuccessOnboarding;
  const list = (items: string[], none: string) =>
    items.length > 0 ? items.map((item) => `- ${cell(item)}`) : [`- ${none}`];
  const value = (n: number | null) => (n === null ? '—' : String(n));
  const nps = feedback.nps;
  return [
    `# ${pkg.venture.name} — Stage 32 handoff`,
    '',
    `Launch \`${pkg.launchId}\` (${pkg.state}) · T0 ${pkg.t0} · live ${pkg.liveAt ?? '—'} · succeeded ${pkg.succeededAt ?? '—'} · built ${pkg.builtAt}`,
    '',
    '## Retrospective',
    '',
    `Automation: ${retro.automation.automationPercent} % of the manual baseline (${retro.automation.humanMinutes} human minutes of ${retro.automation.manualBaselineMinutes}).`,
    '',
    '### What went well',
    ...list(retro.wentWell, 'nothing recorded'),
    '',
    '### What went badly',
    ...list(retro.wentBadly, 'nothing recorded'),
    '',
    '### Timeline',
    '',
    '| at | action | actor | subject |',
    '| --- | --- | --- | --- |',
    ...retro.timeline.map(
      (e) => `| ${e.at} | ${cell(e.action)} | ${cell(e.actor)} | ${cell(e.subject)} |`,
    ),
    '',
    '## Feedback',
    '',
    `${feedback.dataPoints} data points: ${feedback.counts.tickets} tickets, ${feedback.counts.surveys} survey answers, ${feedback.counts.interviews} interviews.`,
    nps
      ? `NPS ${nps.nps} (n = ${nps.n}; 95 % CI ${nps.ci95[0]} to ${nps.ci95[1]}; ${nps.promoters} promoters, ${nps.passives} passives, ${nps.detractors} detractors).`
      : 'NPS: no survey answers.',
    `Sentiment: ${feedback.sentiment.positive.percent} % positive, ${feedback.sentiment.neutral.percent} % neutral, ${feedback.sentiment.negative.percent} % negative.`,
    '',
    '| category | items | % | top keywords |',
    '| --- | --- | --- | --- |',
    ...feedback.byCategory.map(
      (c) => `| ${c.category} | ${c.count} | ${c.percent} | ${cell(c.topKeywords.join(', '))} |`,
    ),
    '',
    '### Themes',
    ...list(
      feedback.themes.map((t) => t.sentence),
      'no recurring theme',
    ),
    '',
    '## Metrics snapshot',
    '',
    `Uptime since going live: ${value(snapshot.uptime.window)} % · 7-day baseline: ${value(snapshot.uptime.baseline)} %.`,
    '',
    '| metric | last | min | max | avg | baseline avg | baseline min | baseline max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...snapshot.metrics.map(
      (m) =>
        `| ${cell(m.name)} | ${value(m.last)} | ${value(m.window.min)} | ${value(m.window.max)} | ${value(m.window.avg)} | ${value(m.baseline.avg)} | ${value(m.baseline.min)} | ${value(m.baseline.max)} |`,
    ),
    '',
    '## Known issues',
    ...list(
      [
        ...pkg.knownIssues.incidents.map(
          (i) => `${i.severity} incident "${i.title}" (${i.state} since ${i.openedAt})`,
        ),
        ...pkg.knownIssues.tickets.map((t) => `${t.priority} ticket ${t.externalId}: ${t.text}`),
      ],
      'none',
    ),
    '',
    '## Customer-success onboarding',
    '',
    `Owners: ${onboarding.owners.map((o) => `${o.name} (${o.roles.join(', ')})`).join('; ') || 'none named'}.`,
    `Early adopters: ${value(onboarding.earlyAdopters)} · new accounts since T0: ${value(onboarding.accounts)}.`,
    '',
    '### First 30 days',
    ...onboarding.checklist.map((c) => `- [ ] **${c.day}** — ${cell(c.item)}`),
    '',
  ].join('\n');
}

/** Text safe inside a Markdown table cell or list item (one line, pipes escaped). */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}
