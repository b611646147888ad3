/**
 * `launchcrew init` and `launchcrew validate`: write a commented plan for a preset, and check a
 * plan file printing every problem with its position.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { connectorCatalog } from '../../connectors/connector-catalog.ts';
import { renderPlan } from '../../plan/init/render-plan.ts';
import { PlanReadError, readPlanFile } from '../../plan/load.ts';
import { isPresetName, presetNames } from '../../plan/presets.ts';
import { formatProblem, summarizeProblems } from '../../plan/problem.ts';
import { nearestName } from '../../plan/suggest.ts';
import { type CommandIo, exitCodes, processIo } from '../output.ts';

/** Where `init` writes the plan unless told otherwise. */
const defaultPlanFile = 'launch-plan.yaml';

/** The JSON Schema file shipped with LaunchCrew. */
const schemaFile = fileURLToPath(
  new URL('../../../schema/launch-plan.schema.json', import.meta.url),
);

/**
 * Validates a plan file and prints every problem; returns the exit code: 0 valid (warnings
 * allowed), 1 invalid, 2 unreadable.
 *
 * @example
 * const code = await runValidate({ file: 'launch-plan.yaml', json: false }, processIo);
 */
export async function runValidate(
  args: { file: string; json?: boolean },
  io: CommandIo,
): Promise<number> {
  try {
    const result = await readPlanFile(args.file, { catalog: await connectorCatalog() });
    if (args.json) {
      io.out(JSON.stringify({ ok: result.ok, problems: result.problems }, null, 2));
    } else {
      for (const problem of result.problems) io.out(formatProblem(problem));
      io.out(summarizeProblems(args.file, result.problems));
    }
    return result.ok ? exitCodes.ok : exitCodes.invalid;
  } catch (error) {
    if (!(error instanceof PlanReadError)) throw error;
    if (args.json) {
      const failure = { code: error.code, reason: error.reason, message: error.message };
      io.out(JSON.stringify({ ok: false, error: failure, problems: [] }, null, 2));
    } else {
      io.err(`error: ${error.message}`);
    }
    return exitCodes.unreadable;
  }
}

/** A `$schema` reference from the directory of `out` to the JSON Schema file, with `/`. */
function schemaReferenceFrom(out: string): string {
  const directory = out === '-' ? process.cwd() : dirname(resolve(out));
  return relative(directory, schemaFile).split(sep).join('/');
}

/**
 * Writes a complete, commented plan for a preset to `out` (`-` for standard output); refuses to
 * overwrite a file unless `force`. Returns the exit code.
 *
 * @example
 * await runInit({ preset: 'b2b_saas_launch', out: 'launch-plan.yaml' }, processIo);
 */
export async function runInit(
  args: { preset: string; out?: string; force?: boolean; schema?: string; now?: Date },
  io: CommandIo,
): Promise<number> {
  if (!isPresetName(args.preset)) {
    const suggestion = nearestName(args.preset, presetNames);
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
    io.err(`error: unknown preset '${args.preset}'${hint}; use one of: ${presetNames.join(', ')}`);
    return exitCodes.invalid;
  }
  const out = args.out ?? defaultPlanFile;
  const text = renderPlan(args.preset, {
    now: args.now ?? new Date(),
    schemaRef: args.schema ?? schemaReferenceFrom(out),
  });
  if (out === '-') {
    io.out(text.trimEnd());
    return exitCodes.ok;
  }
  try {
    await writeFile(out, text, { flag: args.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(`error: ${out} already exists; use --force to overwrite it`);
      return exitCodes.invalid;
    }
    io.err(`error: cannot write ${out}: ${(error as Error).message}`);
    return exitCodes.unreadable;
  }
  io.out(`wrote ${out} (preset ${args.preset}); check it with: launchcrew validate ${out}`);
  return exitCodes.ok;
}

/**
 * Adds `init` and `validate` to the CLI.
 *
 * @example
 * registerPlanCommands(new Command('launchcrew'));
 */
export function registerPlanCommands(program: Command, io: CommandIo = processIo): void {
  program
    .command('init')
    .description('write a complete, commented launch plan for a preset')
    .requiredOption('--preset <name>', `one of: ${presetNames.join(', ')}`)
    .option('--out <file>', 'where to write the plan ("-" for standard output)', defaultPlanFile)
    .option('--force', 'overwrite the file if it exists')
    .option('--schema <ref>', 'JSON Schema reference for editors (default: the bundled schema)')
    .action(async (options: { preset: string; out: string; force?: boolean; schema?: string }) => {
      process.exitCode = await runInit(options, io);
    });
  program
    .command('validate')
    .description('check a launch plan and print every problem with its line and column')
    .argument('<plan>', 'the plan file (YAML)')
    .option('--json', 'print {ok, problems} as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      process.exitCode = await runValidate({ file, json: options.json }, io);
    });
}
