/** A gate report as plain text for the terminal. */
import type { GateReport, GateStatus } from './gate-model.ts';

const marks: Record<GateStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/**
 * Renders `report`: each gate with its owner and evidence, then the readiness factors.
 *
 * @example
 * io.out(renderGateReportText(report));
 */
export function renderGateReportText(report: GateReport): string {
  const lines = [
    `Gate report ${report.id} — ${report.evaluatedAt} by ${report.actor}`,
    `Readiness ${report.readiness.score} %${report.blocking ? ' — BLOCKING: a gate failed' : ''}`,
  ];
  for (const gate of report.gates) {
    lines.push('', `${marks[gate.status]}  ${gate.name} (owner ${gate.owner})`);
    for (const e of gate.evidence) lines.push(`  ${marks[e.status]}  ${e.check}: ${e.detail}`);
  }
  lines.push('', 'Readiness factors:');
  for (const f of report.readiness.factors) {
    lines.push(
      `  ${f.name.padEnd(22)} weight ${String(f.weight).padStart(2)}  score ${f.score} (${f.detail})`,
    );
  }
  if (report.leadWarning) {
    const sent = report.leadWarning.sent.join(', ') || 'nowhere';
    lines.push(
      '',
      `LEAD warned via ${sent}${report.leadWarning.failed.length > 0 ? `; failed: ${report.leadWarning.failed.join('; ')}` : ''}`,
    );
  }
  return lines.join('\n');
}
