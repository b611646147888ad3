/**
 * Turns zod issues into findings that say, in the plan's terms, what is wrong and what would be
 * right: the expected value, and the nearest valid name for a misspelt key or value.
 */
import { z } from 'zod';
import { isParameterName, parameterDefinitions } from './parameters.ts';
import type { Finding, PlanPath } from './problem.ts';
import { nearestName } from './suggest.ts';

type Issue = z.core.$ZodIssue;

const typeLabels: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

/** A short description of a value for a message, e.g. `the string "abc"`, `a list`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  return `the ${typeof value} ${String(value)}`;
}

/** The schemas that may apply at `path` below `schema` (several inside unions). */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const segment of [...path, undefined]) {
    const unwrapped = current.flatMap(unwrap);
    if (segment === undefined) return unwrapped;
    current = unwrapped.flatMap((candidate) => childSchemas(candidate, segment));
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodNullable
  ) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(unwrap);
  return [schema];
}

function childSchemas(schema: z.ZodType, segment: PropertyKey): z.ZodType[] {
  if (schema instanceof z.ZodObject) {
    const child = (schema.shape as Record<string, z.ZodType>)[String(segment)];
    return child ? [child] : [];
  }
  if (schema instanceof z.ZodArray) return [schema.element as z.ZodType];
  if (schema instanceof z.ZodRecord) return [schema.valueType as z.ZodType];
  return [];
}

function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return schemasAt(schema, path).flatMap((candidate) =>
    candidate instanceof z.ZodObject ? Object.keys(candidate.shape) : [],
  );
}

function parameterRange(path: readonly PropertyKey[]): string | undefined {
  const [section, name] = path;
  if (section !== 'parameters' || typeof name !== 'string' || !isParameterName(name)) return;
  return parameterDefinitions[name].range;
}

function propertyOf(value: unknown, key: string | number | undefined): unknown {
  if (typeof value !== 'object' || value === null || key === undefined) return undefined;
  return (value as Record<string, unknown>)[String(key)];
}

function plainPath(path: readonly PropertyKey[]): PlanPath {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function sizeFinding(issue: Issue & { code: 'too_small' | 'too_big' }, path: PlanPath): Finding {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const exclusive = issue.inclusive === false;
  const bound = `${small ? (exclusive ? 'more than' : 'at least') : exclusive ? 'less than' : 'at most'} ${limit}`;
  if (issue.origin === 'number' || issue.origin === 'int') {
    return {
      severity: 'error',
      path,
      code: 'out_of_range',
      message: `${describeValue(issue.input)} is out of range`,
      expected: parameterRange(path) ?? `a number ${bound}`,
    };
  }
  const unit = issue.origin === 'string' ? 'character' : 'item';
  const message =
    small && limit === 1 && !exclusive
      ? 'must not be empty'
      : `must have ${bound} ${unit}${limit === 1 ? '' : 's'}`;
  return { severity: 'error', path, code: 'invalid_length', message };
}

function valueFinding(values: readonly unknown[], input: unknown, path: PlanPath): Finding {
  const allowed = values.map((value) =>
    typeof value === 'string' ? value : JSON.stringify(value),
  );
  const suggestion = typeof input === 'string' ? nearestName(input, allowed) : undefined;
  const missing = input === undefined;
  return {
    severity: 'error',
    path,
    code: missing ? 'missing_key' : 'invalid_value',
    message: missing
      ? `missing required key '${String(path.at(-1))}'`
      : `${describeValue(input)} is not allowed`,
    expected:
      parameterRange(path) ?? (allowed.length === 1 ? allowed[0] : `one of: ${allowed.join(', ')}`),
    ...(suggestion ? { suggestion } : {}),
  };
}

function unionFindings(
  issue: Issue & { code: 'invalid_union' },
  path: PlanPath,
  schema: z.ZodType,
): Finding[] {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const typeOnly = branches.every(
    (branch) =>
      branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0,
  );
  if (typeOnly) {
    const labels = branches.map((branch) => {
      const expected = branch[0]?.code === 'invalid_type' ? branch[0].expected : '';
      return typeLabels[expected] ?? expected;
    });
    return [
      {
        severity: 'error',
        path,
        code: 'wrong_type',
        message: `${describeValue(issue.input)} is not allowed here`,
        expected: labels.join(' or '),
      },
    ];
  }
  const closest = [...branches].sort((a, b) => a.length - b.length)[0] ?? [];
  return closest.flatMap((inner) =>
    findingsOfIssue({ ...inner, path: [...path, ...inner.path] } as Issue, schema),
  );
}

function findingsOfIssue(issue: Issue, schema: z.ZodType): Finding[] {
  const path = plainPath(issue.path);
  const last = path.at(-1);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = parameterRange(path) ?? typeLabels[issue.expected] ?? issue.expected;
      if (issue.input === undefined) {
        return [
          {
            severity: 'error',
            path,
            code: 'missing_key',
            message: `missing required key '${String(last)}'`,
            expected,
          },
        ];
      }
      return [
        {
          severity: 'error',
          path,
          code: 'wrong_type',
          message: `${describeValue(issue.input)} is not allowed here`,
          expected,
        },
      ];
    }
    case 'too_small':
    case 'too_big':
      return [sizeFinding(issue, path)];
    case 'invalid_value':
      return [valueFinding(issue.values, issue.input, path)];
    case 'invalid_union':
      return issue.discriminator === undefined
        ? unionFindings(issue, path, schema)
        : [
            valueFinding(
              'options' in issue ? (issue.options ?? []) : [],
              propertyOf(issue.input, last),
              path,
            ),
          ];
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const suggestion = nearestName(key, known);
        return {
          severity: 'error' as const,
          path: [...path, key],
          code: 'unknown_key',
          message: `unknown key '${key}'`,
          at: 'key' as const,
          ...(suggestion ? { suggestion } : {}),
          ...(!suggestion && known.length > 0 ? { expected: `one of: ${known.join(', ')}` } : {}),
        };
      });
    }
    case 'invalid_key':
      return [
        {
          severity: 'error',
          path,
          code: 'invalid_key',
          message: issue.issues[0]?.message ?? issue.message,
          at: 'key',
        },
      ];
    default:
      return [
        {
          severity: 'error',
          path,
          code: issue.code === 'invalid_format' ? 'invalid_format' : 'invalid_value',
          message: issue.message,
          expected: parameterRange(path),
        },
      ];
  }
}

/**
 * Findings for the issues of a failed `safeParse` (parse with `reportInput: true` so messages
 * can show the offending value).
 *
 * @example
 * const result = launchPlanSchema.safeParse(data, { reportInput: true });
 * if (!result.success) findingsOfZodIssues(result.error.issues, launchPlanSchema);
 */
export function findingsOfZodIssues(issues: readonly Issue[], schema: z.ZodType): Finding[] {
  return issues.flatMap((issue) => findingsOfIssue(issue, schema));
}
