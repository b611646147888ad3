import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type PlanResult, parsePlanText } from './load.ts';
import { minimalPlanData } from './testing/plan-fixtures.ts';

type Container = Record<string, unknown> | unknown[];

/** Every object and array inside `value`, with the value itself first. */
function containersOf(value: unknown): Container[] {
  if (typeof value !== 'object' || value === null) return [];
  const children = Object.values(value as Record<string, unknown>).flatMap(containersOf);
  return [value as Container, ...children];
}

const mutation = fc.record({
  target: fc.nat(),
  slot: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'insert_key', 'retype'),
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('id', 'idd', 'vendor', 'venture', 'url'),
  ),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(
      null,
      true,
      '',
      'T+5m',
      '30s',
      '2026-02-29T10:00',
      'https://x.example',
      'lea',
      'mail',
    ),
  ),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(plan: Record<string, unknown>, change: Mutation): void {
  const containers = containersOf(plan);
  const container = containers[change.target % containers.length];
  if (!container) return;
  const keys = Object.keys(container);
  const key = keys[change.slot % Math.max(1, keys.length)];
  const target = container as Record<string, unknown>;
  if (change.kind === 'insert_key') {
    if (Array.isArray(container)) container.push(change.value);
    else target[change.key] = change.value;
  } else if (key === undefined) {
    return;
  } else if (change.kind === 'delete') {
    if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete target[key];
  } else if (change.kind === 'retype') {
    target[key] = typeof target[key] === 'string' ? 42 : String(target[key]);
  } else {
    target[key] = change.value;
  }
}

function expectWellFormed(result: PlanResult): void {
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  expect(result.ok).toBe(errors.length === 0);
  expect(result.plan !== undefined).toBe(result.ok);
  for (const problem of result.problems) {
    expect(['error', 'warning']).toContain(problem.severity);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.trim()).not.toBe('');
    expect(problem.code).toMatch(/^[a-z0-9_]+$/);
    expect(Number.isInteger(problem.line) && problem.line >= 1).toBe(true);
    expect(Number.isInteger(problem.column) && problem.column >= 1).toBe(true);
    expect(
      problem.path.every((segment) => typeof segment === 'string' || typeof segment === 'number'),
    ).toBe(true);
  }
}

describe('validator robustness (property-based)', () => {
  it('starts from a valid plan', () => {
    expect(parsePlanText(stringify(minimalPlanData()), 'plan.yaml').problems).toEqual([]);
  });

  it('never throws on mutated plans, and every problem has a position and a message', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (changes) => {
        const plan = minimalPlanData();
        for (const change of changes) mutate(plan, change);
        expectWellFormed(parsePlanText(stringify(plan), 'plan.yaml'));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on text edits of a valid plan', () => {
    const text = stringify(minimalPlanData());
    const edit = fc.record({
      at: fc.nat({ max: text.length }),
      remove: fc.nat({ max: 8 }),
      insert: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          ':',
          '- ',
          '\n',
          '  ',
          '{',
          '[',
          '&a',
          '*a',
          '!!binary',
          '"',
          '#',
          '\t',
          '? ',
          '|',
          '\u0000',
        ),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let changed = text;
        for (const { at, remove, insert } of edits)
          changed = changed.slice(0, at) + insert + changed.slice(at + remove);
        expectWellFormed(parsePlanText(changed, 'plan.yaml'));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectWellFormed(parsePlanText(text, 'plan.yaml'));
      }),
      { numRuns: 500 },
    );
  });
});
