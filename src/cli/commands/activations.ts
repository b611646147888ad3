import type { Command } from 'commander';
import {
  type ActivationChange,
  type ActivationChangeResult,
  cancelActivations,
  pauseActivations,
  resumeActivations,
} from '../../activation/activation-control.ts';
import { type ActivationView, listActivations } from '../../activation/activation-store.ts';
import { systemClock } from '../../clock/clock.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { DbExecutor } from '../../store/database.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

type ChangeActivations = (
  trx: DbExecutor,
  clock: typeof systemClock,
  change: ActivationChange & { activationId?: string },
) => Promise<ActivationChangeResult>;

/**
 * `launchcrew activations list|pause|resume|cancel` against the store directly; vendor calls
 * and re-scheduled sends are done by the worker.
 *
 * @example
 * registerActivationCommands(program, processIo, setExit);
 */
export function registerActivationCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const activations = program
    .command('activations')
    .description('Inspect, pause, resume or cancel the marketing activations of a launch');
  activations
    .command('list <launchId>')
    .description('List the activations of a launch in due order')
    .option('--json', 'print the result as JSON')
    .action(async (launchId: string, options: { json?: boolean }) => {
      const rows = await withStore(io, async (store) => {
        await findLaunchRow(store.db, launchId);
        return listActivations(store.db, launchId);
      });
      printResult(io, options.json === true, rows, (list) =>
        list.length === 0
          ? 'no activations scheduled (they are created at go)'
          : list.map(renderActivation).join('\n'),
      );
      exit(exitCodes.ok);
    });
  const change = (name: string, description: string, run: ChangeActivations) =>
    activations
      .command(`${name} <launchId>${name === 'cancel' ? ' <activationId>' : ''}`)
      .description(description)
      .requiredOption('--reason <text>', 'why (recorded in the audit log)')
      .action(async (launchId: string, ...rest: unknown[]) => {
        const activationId = name === 'cancel' ? (rest[0] as string) : undefined;
        const options = rest.find(
          (r): r is { reason: string } => typeof r === 'object' && r !== null && 'reason' in r,
        );
        const result = await withStore(io, (store) =>
          store.db.transaction().execute(async (trx) => {
            await findLaunchRow(trx, launchId, { lock: true });
            return run(trx, systemClock, {
              launchId,
              actor: cliActor(),
              reason: options?.reason ?? '',
              ...(activationId ? { activationId } : {}),
            });
          }),
        );
        io.out(
          `${name}: ${result.activations.join(', ') || 'nothing to change'}` +
            (result.vendorCalls > 0 ? ` (${result.vendorCalls} vendor call(s) queued)` : ''),
        );
        exit(exitCodes.ok);
      });
  change('pause', 'Hold every activation not yet sent and pause running ads', pauseActivations);
  change('resume', 'Resume paused activations (those past due go out now)', resumeActivations);
  change('cancel', 'Cancel one activation before it is sent', cancelActivations);
}

function renderActivation(a: ActivationView): string {
  const how = a.manual ? 'manual' : (a.connector ?? a.channel);
  const detail = a.error ? `  ${a.error}` : a.handle ? `  ${a.handle.vendor}:${a.handle.id}` : '';
  return `${a.dueAt}  ${a.state.padEnd(9)} ${a.id.padEnd(20)} ${a.channel.padEnd(13)} ${how}${detail}`;
}
