import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { type CommandIo, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew demo`: one whole launch of the example venture on a simulated clock (7 days in
 * about a minute) against local stand-ins for every vendor, with live progress on stderr, the
 * dashboard served while it runs, and the artefacts written to disk.
 */
export function registerDemoCommand(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  program
    .command('demo')
    .description(
      'Run a whole simulated launch of the example venture: gates, go/no-go, canary deploy, activation, an incident with rollback, success and handoff',
    )
    .option('--out <dir>', 'where to write the artefacts (default: <LAUNCHCREW_HOME>/demo)')
    .option(
      '--port <port>',
      'port of the API and dashboard while the demo runs (default: a free one)',
    )
    .option('--serve', 'keep serving the API and dashboard after the run, until Ctrl-C')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { out?: string; port?: string; serve?: boolean; json?: boolean }) => {
      const outDir = resolve(options.out ?? `${readConfig(process.env).home}/demo`);
      const result = await withStore(
        io,
        (store) =>
          runDemo({
            store,
            print: (line) => io.err(line),
            outDir,
            ...(options.port ? { port: Number(options.port) } : {}),
            ...(options.serve ? { hold: (dashboard) => untilInterrupted(io, dashboard) } : {}),
          }),
        { poolSize: 10 },
      );
      printResult(io, options.json === true, result, (r) =>
        [
          `launch ${r.launchId}: ${r.state} (T0 ${r.t0}), 7-day launch replayed in ${r.wallSeconds} s`,
          `automation: ${r.automationPercent} % of the manual baseline ran without a person`,
          `vendors called: ${Object.entries(r.vendorCalls)
            .map(([vendor, count]) => `${vendor} ${count}`)
            .join(', ')}; ${r.emails} e-mails captured by the local SMTP server`,
          `artefacts in ${r.artefacts.dir}:`,
          ...r.artefacts.files.filter((f) => !f.startsWith('emails/')).map((f) => `  ${f}`),
          `  emails/ (${r.artefacts.files.filter((f) => f.startsWith('emails/')).length} .eml files)`,
          'browse it again: ./launchcrew demo --serve, or ./launchcrew up and a token from `./launchcrew token create --role lead --name you`',
        ].join('\n'),
      );
      // A demo that does not end in success is a bug of LaunchCrew, not of the user's input.
      exit(result.state === 'succeeded' ? exitCodes.ok : exitCodes.internal);
    });
}

/** Keeps the demo's dashboard up until SIGINT or SIGTERM. */
async function untilInterrupted(io: CommandIo, dashboard: { url: string; token: string }) {
  io.err(`serving the dashboard at ${dashboard.url} (token ${dashboard.token}); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
