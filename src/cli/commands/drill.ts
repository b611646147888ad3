import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SimulatedClock, systemClock } from '../../clock/clock.ts';
import { renderDrillReport } from '../../drills/drill-report.ts';
import { type DrillScenario, drillScenarios, runDrill } from '../../drills/run-drill.ts';
import { UserError } from '../../shared/errors.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew drill --plan <file> --scenario p0-outage|p1-error-spike [--target <url>]
 * [--report <file>] [--json]`: runs an incident drill against the plan's staging target on a
 * simulated clock, writes the Markdown drill report and records `drill.completed` as evidence.
 * Exits 1 when a stage failed.
 */
export function registerDrillCommand(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  program
    .command('drill')
    .description(
      'Rehearse an incident: inject → detect → page → approve → rollback → verify → comms',
    )
    .requiredOption('--plan <file>', 'the launch plan (YAML)')
    .requiredOption('--scenario <name>', `one of ${drillScenarios.join(', ')}`)
    .option('--target <url>', "the staging target's base URL (default: the plan's staging_url)")
    .option('--report <file>', 'where to write the drill report (default: drill-<scenario>.md)')
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        plan: string;
        scenario: string;
        target?: string;
        report?: string;
        json?: boolean;
      }) => {
        if (!(drillScenarios as ReadonlyArray<string>).includes(options.scenario)) {
          throw new UserError(
            'invalid_request',
            `--scenario must be one of ${drillScenarios.join(', ')}`,
            { path: ['scenario'] },
          );
        }
        const result = await withStore(io, (store) =>
          runDrill({
            store,
            planFile: options.plan,
            scenario: options.scenario as DrillScenario,
            clock: new SimulatedClock(systemClock.now()),
            actor: cliActor(),
            ...(options.target ? { target: options.target } : {}),
          }),
        );
        const reportFile = options.report ?? `drill-${result.scenario}.md`;
        await writeFile(reportFile, renderDrillReport(result));
        printResult(io, options.json === true, { ...result, reportFile }, (r) =>
          [
            `drill ${r.scenario} ${r.passed ? 'passed' : 'FAILED'} (report: ${r.reportFile})`,
            ...r.stages.map((s) => `  ${s.ok ? 'ok    ' : 'FAILED'} ${s.name}: ${s.detail}`),
          ].join('\n'),
        );
        exit(result.passed ? exitCodes.ok : exitCodes.invalid);
      },
    );
}
