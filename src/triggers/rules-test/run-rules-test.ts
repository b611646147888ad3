/**
 * Runs a loaded rules-test file: simulates every test and compares the firing alerts at each
 * `eval_time` with `exp_alerts`, the way promtool does (the latest evaluation at or before
 * `eval_time` counts; an alert's labels are its series' labels plus the rule's `severity`).
 */
import { formatGoDuration } from '../trigger-rule.ts';
import type { RulesTest } from './rules-test-file.ts';
import { type AlertTimeline, simulateRules, transitionsOf } from './simulate-rules.ts';

/** Transitions of one alert (a rule over one series). */
export interface RuleTransitions {
  name: string;
  /** The series labels, when the rule follows a labelled series. */
  series?: Record<string, string>;
  /** Index of the test in the file, when the file has several. */
  test?: number;
  transitions: { t: number; state: 'pending' | 'firing' | 'inactive' }[];
}

/** The outcome of a rules-test file. */
export interface RulesTestReport {
  ok: boolean;
  /** One readable diff per failed expectation. */
  failures: string[];
  rules: RuleTransitions[];
}

/**
 * Runs every test of the file.
 *
 * @example
 * const report = await runRulesTest(await loadRulesTest('examples/rules-test.yaml'));
 * if (!report.ok) console.log(report.failures.join('\n'));
 */
export async function runRulesTest(spec: RulesTest): Promise<RulesTestReport> {
  const report: RulesTestReport = { ok: true, failures: [], rules: [] };
  const severityOf = new Map(spec.rules.map((rule) => [rule.id, rule.severity]));
  const summaryOf = new Map(spec.rules.map((rule) => [rule.id, rule.summary]));
  for (const [index, test] of spec.tests.entries()) {
    const lastSample = Math.max(0, ...test.series.map((s) => (s.values.length - 1) * s.intervalMs));
    const lastCheck = Math.max(0, ...test.expectations.map((e) => e.evalTimeMs));
    const timelines = await simulateRules(spec.rules, test.series, {
      evaluationIntervalMs: spec.evaluationIntervalMs,
      untilMs: Math.max(lastSample, lastCheck),
    });
    for (const timeline of timelines) {
      const labelled = Object.keys(timeline.labels).length > 0;
      report.rules.push({
        name: timeline.ruleId,
        ...(labelled ? { series: timeline.labels } : {}),
        ...(spec.tests.length > 1 ? { test: index } : {}),
        transitions: transitionsOf(timeline),
      });
    }
    for (const expectation of test.expectations) {
      const step = Math.floor(expectation.evalTimeMs / spec.evaluationIntervalMs);
      const severity = severityOf.get(expectation.alertname);
      const got = firingAt(timelines, expectation.alertname, step).map((labels) => ({
        ...labels,
        ...(severity ? { severity } : {}),
      }));
      const expected = expectation.expAlerts.map((alert) => alert.labels);
      const annotationsWrong = expectation.expAlerts.some(
        (alert) =>
          alert.annotations !== undefined &&
          labelText(alert.annotations) !==
            labelText({ summary: summaryOf.get(expectation.alertname) ?? '' }),
      );
      if (sameAlerts(expected, got) && !annotationsWrong) continue;
      report.ok = false;
      report.failures.push(
        [
          `FAILED ${expectation.where} (${test.name}): alertname: ${expectation.alertname}, time: ${formatGoDuration(expectation.evalTimeMs)}`,
          `    exp: ${alertsText(expected)}`,
          `    got: ${alertsText(got)}`,
        ].join('\n'),
      );
    }
  }
  return report;
}

function firingAt(
  timelines: AlertTimeline[],
  ruleId: string,
  step: number,
): Record<string, string>[] {
  return timelines
    .filter((timeline) => timeline.ruleId === ruleId && timeline.steps[step]?.state === 'firing')
    .map((timeline) => timeline.labels);
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')}}`;
}

function alertsText(alerts: Record<string, string>[]): string {
  return `[${alerts.map(labelText).sort().join(', ')}]`;
}

function sameAlerts(a: Record<string, string>[], b: Record<string, string>[]): boolean {
  return alertsText(a) === alertsText(b);
}
