import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../clock/clock.ts';
import { readFeedbackFile } from '../../feedback/feedback-import.ts';
import { recordFeedback } from '../../feedback/feedback-record.ts';
import { type FeedbackReport, feedbackReport } from '../../feedback/feedback-report.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import { type CommandIo, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew feedback import <launchId> <file.csv|file.json>` (all items or none; problems name
 * `file:line:column`; re-importing skips stored items) and `launchcrew feedback report <launchId>`.
 */
export function registerFeedbackCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const feedback = program.command('feedback').description('Launch feedback: import and report');
  feedback
    .command('import <launchId> <file>')
    .description(
      'Import tickets, survey answers and interviews from CSV (header row: kind, external_id, category, sentiment, priority, nps_score, text, source, at) or JSON ({"items": […]})',
    )
    .option('--json', 'print the result as JSON')
    .action(async (launchId: string, file: string, options: { json?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        io.err(`error: cannot read ${file}: ${(error as Error).message}`);
        exit(exitCodes.unreadable);
        return;
      }
      const source = `import:${basename(file)}`;
      const items = readFeedbackFile(file, text).map((item) => ({ source, ...item }));
      const result = await withStore(io, (store) =>
        recordFeedback(store.db, systemClock, launchId, items),
      );
      printResult(
        io,
        options.json === true,
        result,
        (r) => `${r.stored} item(s) imported, ${r.duplicates} already stored (${r.received} read)`,
      );
      exit(exitCodes.ok);
    });
  feedback
    .command('report <launchId>')
    .description(
      'The feedback report: data points, categories, themes, sentiment, NPS with its 95 % CI',
    )
    .option('--json', 'print the report as JSON')
    .action(async (launchId: string, options: { json?: boolean }) => {
      const report = await withStore(io, async (store) => {
        await findLaunchRow(store.db, launchId);
        return feedbackReport(store.db, launchId);
      });
      printResult(io, options.json === true, report, renderReport);
      exit(exitCodes.ok);
    });
}

/** The feedback report as text. */
function renderReport(report: FeedbackReport): string {
  const { counts, nps, sentiment } = report;
  return [
    `${report.dataPoints} data points: ${counts.tickets} tickets, ${counts.surveys} survey answers, ${counts.interviews} interviews`,
    nps
      ? `NPS ${nps.nps} (n = ${nps.n}, 95 % CI ${nps.ci95[0]} to ${nps.ci95[1]})`
      : 'NPS: no survey answers',
    `sentiment: ${sentiment.positive.percent} % positive, ${sentiment.neutral.percent} % neutral, ${sentiment.negative.percent} % negative`,
    ...report.byCategory.map(
      (c) =>
        `  ${c.category}: ${c.count} (${c.percent} %)${c.topKeywords.length ? ` — ${c.topKeywords.join(', ')}` : ''}`,
    ),
    ...report.themes.map((theme) => `  theme: ${theme.sentence}`),
    ...report.urgentTickets.map((t) => `  ${t.priority} ticket ${t.externalId}: ${t.text}`),
  ].join('\n');
}
