/**
 * Benchmark: building one launch report (26 metric reads from an in-memory reader, the model,
 * the Slack text and the three e-mail parts from the default LiquidJS templates), as the
 * `report.send` job does before it sends. Median and p95 over every report of a 30-day launch.
 */
import { collectReportContent } from '../src/reports/report-content.ts';
import { reportModel } from '../src/reports/report-model.ts';
import { reportPeriods } from '../src/reports/report-period.ts';
import {
  renderChatReport,
  renderEmailReport,
  reportTemplatesFor,
} from '../src/reports/report-templates.ts';
import { type BenchResult, median, percentile } from './measure.ts';

const rounds = 5;

/**
 * Milliseconds to collect and render one report (median and p95).
 *
 * @example
 * const results = await benchReportRendering(); // [{ name: 'collect + render one report (median)', value: 0.4, unit: 'ms' }, …]
 */
export async function benchReportRendering(): Promise<BenchResult[]> {
  const t0 = new Date('2026-12-01T15:00:00Z');
  const launch = { id: 'bench', ventureId: 'bench', ventureName: 'Bench & Co' };
  const reader = { read: async () => ({ value: 99.5 }) };
  const durations: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const period of reportPeriods(t0, 30)) {
      const started = performance.now();
      const content = await collectReportContent(reader, {
        launchId: launch.id,
        t0,
        period,
        targets: { day1: 100, week1: 500 },
      });
      const model = reportModel(launch, content, []);
      const templates = reportTemplatesFor([], period.cadence);
      await renderChatReport(templates, model);
      await renderEmailReport(templates, model);
      durations.push(performance.now() - started);
    }
  }
  const detail = `${durations.length} reports (every report of a 30-day launch × ${rounds})`;
  return [
    {
      name: 'collect + render one report (median)',
      value: Math.round(median(durations) * 100) / 100,
      unit: 'ms',
      detail,
    },
    {
      name: 'collect + render one report (p95)',
      value: Math.round(percentile(durations, 95) * 100) / 100,
      unit: 'ms',
      detail,
    },
  ];
}
