/**
 * Reads a rules-test file (the shape of `promtool test rules` files) and the rule files it
 * names. A rule file is either our plan format (a mapping with `triggers.rules`, e.g. a whole
 * launch plan) or a plain list of rules. Problems carry `file:line:column`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../../plan/durations.ts';
import { triggersSchema } from '../../plan/sections/triggers.ts';
import { UserError } from '../../shared/errors.ts';
import { customRule, defaultRuleDefaults, type TriggerRule } from '../trigger-rule.ts';
import { expandSeriesValues, parseSeriesSelector } from './series-notation.ts';
import type { InputSeries } from './simulate-rules.ts';

/** A file that cannot be read (exit 2). */
export class RulesTestReadError extends UserError {
  constructor(file: string, cause: unknown) {
    super('unreadable', `cannot read ${file}: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
}

/** A file with a syntax or schema problem at `file:line:column` (exit 1). */
export class RulesTestSyntaxError extends UserError {
  constructor(file: string, line: number, column: number, what: string) {
    super('invalid_rules_test', `${file}:${line}:${column}: ${what}`);
  }
}

const durationText = z.union([z.string(), z.number()]).transform((value, context) => {
  const ms = value === 0 || value === '0' ? 0 : parseDuration(String(value));
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `'${value}' is not a duration like "1m"` });
    return z.NEVER;
  }
  return ms;
});

const labelMap = z.record(z.string(), z.union([z.string(), z.number()]).transform(String));

const testFileSchema = z.strictObject({
  rule_files: z.array(z.string().min(1)).min(1),
  evaluation_interval: durationText.optional(),
  group_eval_order: z.array(z.string()).optional(),
  tests: z
    .array(
      z.strictObject({
        name: z.string().optional(),
        interval: durationText.optional(),
        input_series: z
          .array(z.strictObject({ series: z.string(), values: z.string() }))
          .default([]),
        alert_rule_test: z
          .array(
            z.strictObject({
              eval_time: durationText,
              alertname: z.string().min(1),
              exp_alerts: z
                .array(
                  z.strictObject({
                    exp_labels: labelMap.default({}),
                    exp_annotations: labelMap.optional(),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .min(1),
});

/** One expectation: at `evalTimeMs`, exactly these alerts of `alertname` are firing. */
export interface AlertExpectation {
  evalTimeMs: number;
  alertname: string;
  expAlerts: { labels: Record<string, string>; annotations?: Record<string, string> }[];
  where: string;
}

/** A loaded rules-test file. */
export interface RulesTest {
  file: string;
  evaluationIntervalMs: number;
  rules: TriggerRule[];
  tests: { name: string; series: InputSeries[]; expectations: AlertExpectation[] }[];
}

/**
 * Reads and checks a rules-test file and its rule files.
 *
 * @example
 * const test = await loadRulesTest('examples/rules-test.yaml');
 */
export async function loadRulesTest(file: string): Promise<RulesTest> {
  const { data, placeOf, where } = await readYaml(file);
  const parsed = testFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    throw placeOf(path, `${path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = parsed.data;
  const evaluationIntervalMs = spec.evaluation_interval ?? 60_000;
  const defaults = { ...defaultRuleDefaults, intervalMs: evaluationIntervalMs };
  const rules: TriggerRule[] = [];
  for (const ruleFile of spec.rule_files) {
    rules.push(...(await loadRuleFile(resolve(dirname(file), ruleFile), defaults)));
  }
  const tests = spec.tests.map((test, index) => {
    const intervalMs = test.interval ?? evaluationIntervalMs;
    const series = test.input_series.map((input, s): InputSeries => {
      try {
        const values = expandSeriesValues(input.values);
        return { ...parseSeriesSelector(input.series), values, intervalMs };
      } catch (error) {
        throw placeOf(['tests', index, 'input_series', s], (error as Error).message);
      }
    });
    const expectations = test.alert_rule_test.map((check, c) => ({
      evalTimeMs: check.eval_time,
      alertname: check.alertname,
      expAlerts: check.exp_alerts.map((alert) => ({
        labels: alert.exp_labels,
        ...(alert.exp_annotations ? { annotations: alert.exp_annotations } : {}),
      })),
      where: where(['tests', index, 'alert_rule_test', c]),
    }));
    return { name: test.name ?? `test ${index + 1}`, series, expectations };
  });
  return { file, evaluationIntervalMs, rules, tests };
}

async function loadRuleFile(
  file: string,
  defaults: typeof defaultRuleDefaults,
): Promise<TriggerRule[]> {
  const { data, placeOf } = await readYaml(file);
  const isList = Array.isArray(data);
  const triggers = isList ? { rules: data } : (data as { triggers?: unknown } | null)?.triggers;
  const parsed = triggersSchema.safeParse(triggers ?? { rules: [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [...(isList ? [] : ['triggers']), ...(issue?.path ?? [])].filter(
      (part, i) => !(isList && i === 0 && part === 'rules'),
    );
    throw placeOf(path, `${path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.rules.map((rule, index) => {
    try {
      return customRule(rule, defaults);
    } catch (error) {
      const path = isList ? [index, 'expr'] : ['triggers', 'rules', index, 'expr'];
      throw placeOf(path, (error as Error).message);
    }
  });
}

async function readYaml(file: string): Promise<{
  data: unknown;
  placeOf: (path: ReadonlyArray<PropertyKey>, what: string) => RulesTestSyntaxError;
  where: (path: ReadonlyArray<PropertyKey>) => string;
}> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RulesTestReadError(file, error);
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const first = document.errors[0];
  if (first) {
    const at = lines.linePos(first.pos[0]);
    throw new RulesTestSyntaxError(file, at.line, at.col, first.message.split('\n')[0] ?? '');
  }
  const placeOf = (path: ReadonlyArray<PropertyKey>, what: string) => {
    const at = lines.linePos(offsetOf(document, path));
    return new RulesTestSyntaxError(file, at.line, at.col, what);
  };
  const where = (path: ReadonlyArray<PropertyKey>) => {
    const at = lines.linePos(offsetOf(document, path));
    return `${file}:${at.line}:${at.col}`;
  };
  return { data: document.toJS(), placeOf, where };
}

/** Start offset of the deepest node of `path` that exists. */
function offsetOf(document: Document, path: ReadonlyArray<PropertyKey>): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}
