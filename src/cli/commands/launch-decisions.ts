import type { Command } from 'commander';
import { type AutomationReport, automationReport } from '../../automation/automation-ledger.ts';
import { systemClock } from '../../clock/clock.ts';
import { decideGoNoGo } from '../../launch/go-no-go.ts';
import { setLaunchCollaborators } from '../../launch/launch-collaborators.ts';
import { decideOutcome } from '../../launch/launch-outcome.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { LaunchView } from '../../launch/launch-view.ts';
import { postponeLaunch } from '../../launch/postpone.ts';
import { wiredLaunchCollaborators } from '../../launch/wired-collaborators.ts';
import { UserError } from '../../shared/errors.ts';
import type { Store } from '../../store/store.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew launch go|postpone|outcome|report <id>`: the LEAD's decisions and the automation
 * report, against the store directly.
 *
 * @example
 * registerLaunchDecisionCommands(program.command('launch'), processIo, process.exit);
 */
export function registerLaunchDecisionCommands(
  launch: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const decide = async (work: (store: Store) => Promise<LaunchView>) => {
    setLaunchCollaborators(wiredLaunchCollaborators(process.env));
    const view = await withStore(io, work);
    io.out(`${view.id}  ${view.state}  T0 ${view.t0}  go ${view.goDecidedAt ?? '—'}`);
    exit(exitCodes.ok);
  };
  launch
    .command('go <id>')
    .description('Give the go (LEAD); failing entry gates need --override-reason')
    .option('--override-reason <text>', 'why to go although the entry gates block')
    .action((id: string, options: { overrideReason?: string }) =>
      decide((store) =>
        decideGoNoGo(
          { db: store.db, clock: systemClock },
          {
            launchId: id,
            actor: cliActor(),
            decision: 'go',
            overrideReason: options.overrideReason,
          },
        ),
      ),
    );
  launch
    .command('postpone <id>')
    .description('Move T0 to a later time (LEAD); activations cancelled, go cleared')
    .requiredOption('--t0 <iso>', 'the new T0, e.g. 2026-03-03T10:00:00+01:00')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action((id: string, options: { t0: string; reason: string }) =>
      decide(async (store) => {
        const result = await postponeLaunch(
          { db: store.db, clock: systemClock },
          {
            launchId: id,
            actor: cliActor(),
            t0: timeOption(options.t0, '--t0'),
            reason: options.reason,
          },
        );
        for (const warning of result.warnings) io.out(`warning: ${warning}`);
        return result.launch;
      }),
    );
  launch
    .command('outcome <id>')
    .description(
      'Decide a launch that did not succeed by its deadline: extend, pivot or unsuccessful',
    )
    .requiredOption('--decision <decision>', 'extend | pivot | unsuccessful')
    .option('--until <iso>', 'the new success deadline (extend)')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action((id: string, options: { decision: string; until?: string; reason: string }) => {
      const decision = options.decision;
      if (decision !== 'extend' && decision !== 'pivot' && decision !== 'unsuccessful') {
        throw new UserError('invalid_request', '--decision must be extend, pivot or unsuccessful');
      }
      return decide((store) =>
        decideOutcome(
          { db: store.db, clock: systemClock },
          {
            launchId: id,
            actor: cliActor(),
            decision,
            until: options.until ? timeOption(options.until, '--until') : undefined,
            reason: options.reason,
          },
        ),
      );
    });
  launch
    .command('report <id>')
    .description('Automation report: share of the manual work that ran without a person')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const report = await withStore(io, async (store) => {
        await findLaunchRow(store.db, id);
        return automationReport(store.db, id);
      });
      printResult(io, options.json === true, report, renderAutomation);
      exit(exitCodes.ok);
    });
}

function timeOption(value: string, name: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new UserError('invalid_request', `${name} '${value}' is not an ISO 8601 time`);
  }
  return time;
}

/**
 * The automation report as a table: per task, then overall.
 *
 * @example
 * io.out(renderAutomation(await automationReport(db, launchId)));
 */
export function renderAutomation(report: AutomationReport): string {
  const rows = report.tasks.map(
    (t) =>
      `${t.label.padEnd(40)} ${String(t.done).padStart(4)} ${String(t.automatic).padStart(9)} ${t.humanMinutes.toFixed(1).padStart(9)} ${`${t.automationPercent.toFixed(1)} %`.padStart(9)}`,
  );
  return [
    `${'task'.padEnd(40)} ${'done'.padStart(4)} ${'automatic'.padStart(9)} ${'human min'.padStart(9)} ${'automated'.padStart(9)}`,
    ...rows,
    `overall: ${report.automationPercent.toFixed(1)} % automated (${report.humanMinutes} human min of a ${report.manualBaselineMinutes} min manual baseline)`,
  ].join('\n');
}
