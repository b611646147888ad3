import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../../clock/clock.ts';
import {
  cancelLaunch,
  createLaunch,
  getLaunch,
  listLaunches,
} from '../../launch/launch-service.ts';
import type { LaunchView } from '../../launch/launch-view.ts';
import { UserError } from '../../shared/errors.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';
import { registerLaunchDecisionCommands } from './launch-decisions.ts';

/** `launchcrew launch create|list|get|cancel` (and go|postpone|outcome|report) against the store directly. */
export function registerLaunchCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const launch = program.command('launch').description('Create and inspect launches');
  launch
    .command('create <plan>')
    .description(
      'Create a launch from a plan file (validated first; nothing is stored if it is invalid)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const planYaml = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new UserError('unreadable', `cannot read ${file}: ${(error as Error).message}`);
      });
      const created = await withStore(io, (store) =>
        createLaunch(
          { db: store.db, clock: systemClock },
          { planYaml, fileName: file, actor: cliActor() },
        ),
      );
      printResult(io, options.json === true, created, ({ launch: l, warnings }) =>
        [
          renderLaunch(l),
          ...warnings.map((w) => `warning: ${w.file}:${w.line}:${w.column} ${w.message}`),
        ].join('\n'),
      );
      exit(exitCodes.ok);
    });
  launch
    .command('list')
    .description('List launches, newest first')
    .option('--venture <id>', 'only this venture')
    .option('--state <state>', 'only launches in this state')
    .option('--json', 'print the result as JSON')
    .action(async (options: { venture?: string; state?: string; json?: boolean }) => {
      const rows = await withStore(io, (store) =>
        listLaunches(store.db, {
          ...(options.venture ? { ventureId: options.venture } : {}),
          ...(options.state ? { state: options.state } : {}),
        }),
      );
      printResult(io, options.json === true, rows, (list) =>
        list.length === 0
          ? 'no launches; create one with: launchcrew launch create plan.yaml'
          : list.map(renderLaunch).join('\n'),
      );
      exit(exitCodes.ok);
    });
  launch
    .command('get <id>')
    .description('Show one launch')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const row = await withStore(io, (store) => getLaunch(store.db, id));
      printResult(io, options.json === true, row, renderLaunch);
      exit(exitCodes.ok);
    });
  launch
    .command('cancel <id>')
    .description('Cancel a launch that has not ended (its pending timeline is cancelled too)')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action(async (id: string, options: { reason: string }) => {
      const row = await withStore(io, (store) =>
        cancelLaunch({ db: store.db, clock: systemClock }, id, {
          actor: cliActor(),
          reason: options.reason,
        }),
      );
      io.out(renderLaunch(row));
      exit(exitCodes.ok);
    });
  registerLaunchDecisionCommands(launch, io, exit);
}

function renderLaunch(l: LaunchView): string {
  return `${l.id}  ${l.state.padEnd(18)} ${l.ventureId.padEnd(20)} T0 ${l.t0}  ${l.preset}`;
}
