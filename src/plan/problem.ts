/**
 * Problems found in a launch plan, and how they are printed.
 */

/** Path of a field inside the plan, e.g. `['people', 2, 'roles']`. */
export type PlanPath = (string | number)[];

/** One problem in a plan file, with its position. Errors make the plan invalid; warnings do not. */
export type Problem = {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line of the field (of its key for unknown keys, of its parent for missing keys). */
  line: number;
  /** 1-based column. */
  column: number;
  path: PlanPath;
  /** Stable machine-readable code, e.g. `unknown_key`, `dangling_reference`, `public_holiday`. */
  code: string;
  message: string;
  /** What a valid value looks like, e.g. `1–12 hours`. */
  expected?: string;
  /** The nearest valid name or value, e.g. `production_url`. */
  suggestion?: string;
};

/**
 * A problem before it is placed in the file: `at: 'key'` places it on the key of the last path
 * segment (unknown keys) instead of its value.
 */
export type Finding = Omit<Problem, 'file' | 'line' | 'column'> & { at?: 'key' | 'value' };

/**
 * The path in the notation people use in YAML: `people[2].roles`.
 *
 * @example
 * formatPath(['people', 2, 'roles']); // 'people[2].roles'
 * formatPath([]); // '(plan)'
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(plan)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const plain = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment);
      return index === 0 ? plain : `.${plain}`;
    })
    .join('');
}

/**
 * One line per problem: `file:line:column  severity  path  message (expected …; did you mean …?)`.
 *
 * @example
 * formatProblem(problem); // "plan.yaml:4:3  error  venture.prodution_url  unknown key (did you mean 'production_url'?)"
 */
export function formatProblem(problem: Problem): string {
  const details = [
    problem.expected ? `expected ${problem.expected}` : undefined,
    problem.suggestion ? `did you mean '${problem.suggestion}'?` : undefined,
  ].filter((detail) => detail !== undefined);
  const suffix = details.length > 0 ? ` (${details.join('; ')})` : '';
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.severity}  ${formatPath(problem.path)}  ${problem.message}${suffix}`;
}

/**
 * A one-line summary, e.g. `plan.yaml: 2 errors, 1 warning` or `plan.yaml: valid (1 warning)`.
 *
 * @example
 * summarizeProblems('plan.yaml', []); // 'plan.yaml: valid'
 */
export function summarizeProblems(file: string, problems: readonly Problem[]): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  if (errors > 0)
    return `${file}: invalid, ${count(errors, 'error')}, ${count(warnings, 'warning')}`;
  return `${file}: valid${warnings > 0 ? ` (${count(warnings, 'warning')})` : ''}`;
}

/** Problems in file order: line, then column, errors before warnings. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
