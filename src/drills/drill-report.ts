import type { DrillResult } from './run-drill.ts';

/**
 * The drill report (Markdown): outcome, each stage with its simulated time, and the post-mortem
 * draft of the drill incident.
 *
 * @example
 * writeFileSync('drill-p0-outage.md', renderDrillReport(result));
 */
export function renderDrillReport(result: DrillResult): string {
  const rows = result.stages.map(
    (stage) =>
      `| ${stage.name} | ${stage.ok ? 'ok' : 'FAILED'} | ${stage.at} | ${stage.detail.replaceAll('|', '\\|')} |`,
  );
  return [
    `# Drill ${result.scenario}: ${result.passed ? 'passed' : 'FAILED'}`,
    '',
    `Target ${result.target}; drill launch ${result.launchId}; incident ${result.incidentId ?? '—'} (${result.severity ?? 'none'}); rollback run ${result.runId ?? '—'}.`,
    '',
    '| Stage | Result | At (simulated) | Detail |',
    '|---|---|---|---|',
    ...rows,
    '',
    result.postmortem ? result.postmortem.replace(/^# /, '## ').replaceAll('\n## ', '\n### ') : '',
  ].join('\n');
}
