import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../../clock/clock.ts';
import { evaluateEntryGates, latestGateReport } from '../../launch/gates/entry-gates.ts';
import type { GateReport } from '../../launch/gates/gate-model.ts';
import { renderGateReportText } from '../../launch/gates/gate-report-text.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import {
  launchPlaybookDocument,
  launchTimelineDocument,
} from '../../launch/preparation/launch-documents.ts';
import { prepareLaunch } from '../../launch/preparation/prepare-launch.ts';
import {
  checklistOf,
  parseSignOffRole,
  type ReadinessChecklist,
  signOff,
} from '../../launch/preparation/readiness-checklist.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew gates|timeline|playbook|signoff`: launch preparation against the store directly
 * (connector secrets from the environment), audited as `cli:<user>`.
 */
export function registerGateCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  program
    .command('gates <launchId>')
    .description(
      'Show the latest entry-gate report (--evaluate for fresh evidence); exits 1 when a gate fails',
    )
    .option('--evaluate', 'evaluate the entry gates now')
    .option('--prelaunch', 'with --evaluate: also run the pre-launch validation')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        launchId: string,
        options: { evaluate?: boolean; prelaunch?: boolean; json?: boolean },
      ) => {
        const report = await withStore(io, async (store): Promise<GateReport | undefined> => {
          const deps = { db: store.db, clock: systemClock, env: process.env };
          const actor = { actor: cliActor() };
          if (!options.evaluate) {
            await findLaunchRow(store.db, launchId);
            return latestGateReport(store.db, launchId);
          }
          return options.prelaunch
            ? prepareLaunch(deps, launchId, actor)
            : evaluateEntryGates(deps, launchId, actor);
        });
        if (!report) {
          io.out(`The gates of ${launchId} were not evaluated yet (run with --evaluate).`);
          exit(exitCodes.ok);
          return;
        }
        printResult(io, options.json === true, report, renderGateReportText);
        exit(report.blocking ? exitCodes.invalid : exitCodes.ok);
      },
    );

  program
    .command('timeline <launchId>')
    .description('Print the minute-by-minute launch timeline (Markdown), or write it as a calendar')
    .option('--ics <file>', 'write an iCalendar (.ics) file instead')
    .action(async (launchId: string, options: { ics?: string }) => {
      const text = await withStore(io, (store) =>
        launchTimelineDocument(
          { db: store.db, clock: systemClock },
          launchId,
          options.ics ? 'ics' : 'markdown',
          cliActor(),
        ),
      );
      if (options.ics) {
        await writeFile(options.ics, text, 'utf8');
        io.out(`Wrote ${options.ics}`);
      } else {
        io.out(text);
      }
      exit(exitCodes.ok);
    });

  program
    .command('playbook <launchId>')
    .description('Print the contingency playbook (Markdown)')
    .action(async (launchId: string) => {
      io.out(
        await withStore(io, (store) =>
          launchPlaybookDocument({ db: store.db, clock: systemClock }, launchId, cliActor()),
        ),
      );
      exit(exitCodes.ok);
    });

  program
    .command('signoff <launchId> [role]')
    .description(
      'Sign off a readiness role (launch_coordinator, devops_lead, marketing_lead, support_lead); without a role, show the checklist',
    )
    .option('--person <id>', 'the person of the plan signing')
    .option('--note <text>', 'a note kept with the sign-off')
    .option('--json', 'print the checklist as JSON')
    .action(
      async (
        launchId: string,
        role: string | undefined,
        options: { person?: string; note?: string; json?: boolean },
      ) => {
        const checklist = await withStore(io, (store) =>
          role === undefined
            ? checklistOf(store.db, launchId)
            : signOff(
                { db: store.db, clock: systemClock },
                {
                  launchId,
                  role: parseSignOffRole(role),
                  actor: cliActor(),
                  ...(options.person ? { personId: options.person } : {}),
                  ...(options.note ? { note: options.note } : {}),
                },
              ),
        );
        printResult(io, options.json === true, checklist, renderChecklist);
        exit(exitCodes.ok);
      },
    );
}

function renderChecklist(checklist: ReadinessChecklist): string {
  const lines = checklist.items.map((item) =>
    item.signed
      ? `[x] ${item.role.padEnd(19)} signed by ${item.signedBy} at ${item.signedAt}${item.note ? ` — ${item.note}` : ''}`
      : `[ ] ${item.role.padEnd(19)} ${item.people.map((p) => p.name).join(', ') || 'nobody in the plan has this role'}`,
  );
  lines.push(checklist.complete ? 'Team readiness: complete' : 'Team readiness: incomplete');
  return lines.join('\n');
}
