/**
 * Reading and validating a launch plan: YAML parsing with positions, the schema, then the
 * semantic checks — every problem at once, each with file, line, column and path.
 */
import { readFile, stat } from 'node:fs/promises';
import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { UserError } from '../shared/errors.ts';
import { type PlanCheckOptions, runPlanChecks } from './checks/index.ts';
import { emptyFileProblem, screenPlanText, sizeProblem } from './plan-text.ts';
import { positionOf } from './positions.ts';
import { type Finding, type Problem, sortProblems } from './problem.ts';
import { type LaunchPlan, launchPlanSchema, type PlanSectionName, planSections } from './schema.ts';
import { findingsOfZodIssues } from './zod-findings.ts';

/** The outcome of validating a plan: `ok` when there is no error (warnings are allowed). */
export type PlanResult = {
  ok: boolean;
  /** The validated plan, with defaults applied; present when `ok`. */
  plan?: LaunchPlan;
  problems: Problem[];
};

/** Why a plan file could not be read. */
export type PlanReadFailure = 'not_found' | 'not_a_file' | 'permission_denied' | 'io_error';

/** A plan file that could not be read at all (missing, a directory, no permission). */
export class PlanReadError extends UserError {
  readonly file: string;
  readonly reason: PlanReadFailure;

  constructor(file: string, reason: PlanReadFailure, message: string, cause?: unknown) {
    super('plan_unreadable', message, { cause });
    this.name = 'PlanReadError';
    this.file = file;
    this.reason = reason;
  }

  /** The read error for a failed file-system call. */
  static fromFileSystem(file: string, error: unknown): PlanReadError {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return new PlanReadError(file, 'not_found', `cannot read ${file}: no such file`, error);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new PlanReadError(
        file,
        'permission_denied',
        `cannot read ${file}: permission denied`,
        error,
      );
    }
    if (code === 'EISDIR') {
      return new PlanReadError(file, 'not_a_file', `cannot read ${file}: it is a directory`, error);
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new PlanReadError(file, 'io_error', `cannot read ${file}: ${detail}`, error);
  }
}

/** YAML errors after which the document is still worth validating. */
const recoverableYamlErrors = new Set(['DUPLICATE_KEY']);

function yamlProblem(error: YAMLError, file: string, severity: Problem['severity']): Problem {
  const position = error.linePos?.[0] ?? { line: 1, col: 1 };
  const message = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
  return {
    severity,
    file,
    line: position.line,
    column: position.col,
    path: [],
    code: error.code.toLowerCase(),
    message: message.replace(/\s+/g, ' ').trim(),
  };
}

/**
 * The semantic findings of a plan that failed the schema: checks run on the sections that pass
 * their own schema, knowing which did not.
 */
function checkValidSections(data: unknown, options: PlanCheckOptions): Finding[] {
  const raw = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const sections: Record<string, unknown> = {};
  const invalid = new Set<PlanSectionName>();
  for (const name of Object.keys(planSections) as PlanSectionName[]) {
    const result = planSections[name].safeParse(raw[name]);
    if (result.success) sections[name] = result.data;
    else invalid.add(name);
  }
  return runPlanChecks(sections as Partial<LaunchPlan>, invalid, options);
}

function placed(
  findings: readonly Finding[],
  file: string,
  document: Document,
  lines: LineCounter,
): Problem[] {
  return findings.map(({ at, ...finding }) => ({
    ...finding,
    file,
    ...positionOf(document, lines, finding.path, at),
  }));
}

function toData(document: Document, file: string): { data: unknown } | { problem: Problem } {
  try {
    return { data: document.toJS({ maxAliasCount: 1000 }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problem: {
        severity: 'error',
        file,
        line: 1,
        column: 1,
        path: [],
        code: 'yaml_unresolvable',
        message,
      },
    };
  }
}

/**
 * Validates the text of a plan. Never throws: every problem — YAML syntax, schema, semantic
 * checks — is returned with its position. Connector configs are checked when `options.catalog`
 * is given (`connectorCatalog()`).
 *
 * @example
 * const { ok, plan, problems } = parsePlanText(text, 'launch-plan.yaml');
 * for (const problem of problems) console.log(formatProblem(problem));
 */
export function parsePlanText(
  text: string,
  file: string,
  options: PlanCheckOptions = {},
): PlanResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const unusable = screenPlanText(source, file);
  if (unusable) return { ok: false, problems: [unusable] };
  const lines = new LineCounter();
  const document = parseDocument(source, {
    lineCounter: lines,
    prettyErrors: true,
    logLevel: 'error',
  });
  const yamlProblems = [
    ...document.errors.map((error) => yamlProblem(error, file, 'error')),
    ...document.warnings.map((warning) => yamlProblem(warning, file, 'warning')),
  ];
  if (document.errors.some((error) => !recoverableYamlErrors.has(error.code))) {
    return { ok: false, problems: sortProblems(yamlProblems) };
  }
  if (document.contents === null) return { ok: false, problems: [emptyFileProblem(file)] };
  const converted = toData(document, file);
  if ('problem' in converted) return { ok: false, problems: [converted.problem] };
  const result = launchPlanSchema.safeParse(converted.data, { reportInput: true });
  const findings = result.success
    ? runPlanChecks(result.data, new Set(), options)
    : [
        ...findingsOfZodIssues(result.error.issues, launchPlanSchema),
        ...checkValidSections(converted.data, options),
      ];
  const problems = sortProblems([...yamlProblems, ...placed(findings, file, document, lines)]);
  const ok = result.success && !problems.some((problem) => problem.severity === 'error');
  return ok ? { ok, plan: result.data, problems } : { ok, problems };
}

/**
 * Reads and validates a plan file. Throws `PlanReadError` when the file cannot be read; any
 * problem with its content (too large, binary, invalid) is returned, not thrown.
 *
 * @example
 * const result = await readPlanFile('examples/b2b-saas.yaml');
 * const checked = await readPlanFile('plan.yaml', { catalog: await connectorCatalog() });
 */
export async function readPlanFile(
  path: string,
  options: PlanCheckOptions = {},
): Promise<PlanResult> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) {
      const what = stats.isDirectory() ? 'it is a directory' : 'it is not a regular file';
      throw new PlanReadError(path, 'not_a_file', `cannot read ${path}: ${what}`);
    }
    size = stats.size;
  } catch (error) {
    throw error instanceof PlanReadError ? error : PlanReadError.fromFileSystem(path, error);
  }
  const tooLarge = sizeProblem(path, size);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw PlanReadError.fromFileSystem(path, error);
  }
  return parsePlanText(new TextDecoder('utf-8').decode(bytes), path, options);
}
