/**
 * `launchcrew rules test FILE [--json]`: unit tests for trigger rules, like `promtool test rules`,
 * run with the engine's own state machine. Exit 0 when every expectation holds, 1 with a diff
 * (or a file:line syntax error) otherwise, 2 when a file cannot be read.
 */
import type { Command } from 'commander';
import { UserError } from '../../shared/errors.ts';
import { loadRulesTest, RulesTestReadError } from '../../triggers/rules-test/rules-test-file.ts';
import { runRulesTest } from '../../triggers/rules-test/run-rules-test.ts';
import { type CommandIo, exitCodes } from '../output.ts';

/**
 * Runs a rules-test file and prints the result; returns the exit code.
 *
 * @example
 * const code = await runRulesTestCommand({ file: 'examples/rules-test.yaml', json: false }, processIo);
 */
export async function runRulesTestCommand(
  args: { file: string; json?: boolean },
  io: CommandIo,
): Promise<number> {
  let report: Awaited<ReturnType<typeof runRulesTest>>;
  try {
    report = await runRulesTest(await loadRulesTest(args.file));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const code = error instanceof RulesTestReadError ? exitCodes.unreadable : exitCodes.invalid;
    if (args.json) {
      io.out(
        JSON.stringify({ ok: false, error: { code: error.code, message: error.message } }, null, 2),
      );
    } else {
      io.err(`error: ${error.message}`);
    }
    return code;
  }
  if (args.json) {
    io.out(JSON.stringify(report, null, 2));
  } else {
    for (const failure of report.failures) io.out(failure);
    io.out(report.ok ? `${args.file}: SUCCESS` : `${args.file}: ${report.failures.length} FAILED`);
  }
  return report.ok ? exitCodes.ok : exitCodes.invalid;
}

/** Registers `rules test`. */
export function registerRulesCommands(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  const rules = program.command('rules').description('Trigger rules');
  rules
    .command('test')
    .description('Run unit tests for trigger rules (promtool test rules format)')
    .argument('<file>', 'rules-test YAML file')
    .option('--json', 'print every state transition and failure as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      exit(await runRulesTestCommand({ file, json: options.json === true }, io));
    });
}
