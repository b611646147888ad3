/**
 * Correctness oracle: our rule engine against Prometheus itself. For 240 seeded random
 * (series, rule) cases we write a LaunchCrew rules-test file and the equivalent Prometheus rule
 * file, compute with OUR engine (`loadRulesTest` + `simulateRules`, the `rules test` path) the
 * state of every alert after every evaluation, turn those states into promtool expectations —
 * `exp_alerts` for firing and an `ALERTS{alertstate="pending"}` query for pending — and run
 * `/usr/bin/promtool test rules`. promtool passes only if Prometheus's state machine agrees
 * with ours at every evaluation step of every case. A second run with one expectation flipped
 * shows the oracle does catch a disagreement.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRulesTest } from './rules-test/rules-test-file.ts';
import { simulateRules } from './rules-test/simulate-rules.ts';

const run = promisify(execFile);
const promtool = '/usr/bin/promtool';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A state whose first occurrence is deliberately expected as inactive. */
type Flip = 'firing' | 'pending';

interface Case {
  name: string;
  metric: string;
  expr: string;
  for: string;
  keepFiringFor?: string;
  values: string;
  test: number;
}

const seriesIntervals = ['30s', '1m', '2m'];

function randomCases(count: number, seed: number): Case[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number) => Math.floor(random() * (max + 1));
  const token = (): string => {
    const r = random();
    if (r < 0.55) return String(int(10));
    if (r < 0.65) return '_';
    if (r < 0.7) return 'stale';
    if (r < 0.73) return `_x${1 + int(6)}`;
    if (r < 0.86) return `${int(10)}x${1 + int(4)}`;
    return `${int(10)}${pick(['+', '-'])}${1 + int(2)}x${1 + int(3)}`;
  };
  return Array.from({ length: count }, (_, i) => {
    const tokens = Array.from({ length: 4 + int(12) }, token);
    return {
      name: `case_${i}`,
      metric: `oracle_metric_${i}`,
      expr: `oracle_metric_${i} ${pick(['<', '>', '<=', '>='])} ${int(10)}${random() < 0.2 ? '.5' : ''}`,
      for: pick(['0s', '30s', '1m', '2m', '3m', '5m']),
      ...(random() < 0.5 ? { keepFiringFor: pick(['30s', '1m', '2m', '4m']) } : {}),
      values: tokens.join(' '),
      test: int(seriesIntervals.length - 1),
    };
  });
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'launchcrew-oracle-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** Writes our files and Prometheus's rule file for one evaluation interval; returns our spec path. */
async function writeCaseFiles(cases: Case[], evaluationInterval: string, tag: string) {
  const ourRules = cases.map((c) => ({
    id: c.name.replace('_', '-'),
    expr: c.expr,
    for: c.for,
    ...(c.keepFiringFor ? { keep_firing_for: c.keepFiringFor } : {}),
    no_data: 'ok',
    severity: 'P1',
  }));
  await writeFile(join(folder, `ours-${tag}.yaml`), stringify(ourRules));
  const promRules = {
    groups: cases.map((c) => ({
      name: c.name,
      rules: [
        {
          alert: c.name.replace('_', '-'),
          expr: c.expr,
          for: c.for,
          ...(c.keepFiringFor ? { keep_firing_for: c.keepFiringFor } : {}),
          labels: { severity: 'P1' },
        },
      ],
    })),
  };
  await writeFile(join(folder, `prom-${tag}.yaml`), stringify(promRules));
  const tests = seriesIntervals.map((interval, index) => ({
    interval,
    input_series: cases
      .filter((c) => c.test === index)
      .map((c) => ({ series: c.metric, values: c.values })),
  }));
  const ourTest = join(folder, `ours-test-${tag}.yaml`);
  await writeFile(
    ourTest,
    stringify({ rule_files: [`ours-${tag}.yaml`], evaluation_interval: evaluationInterval, tests }),
  );
  return { ourTest, tests };
}

/** Our engine's states turned into promtool expectations, per test. */
async function expectationsFromOurEngine(ourTest: string, cases: Case[], flip?: Flip) {
  const spec = await loadRulesTest(ourTest);
  let flipped = flip === undefined;
  return Promise.all(
    spec.tests.map(async (test, index) => {
      const names = new Set(
        cases.filter((c) => c.test === index).map((c) => c.name.replace('_', '-')),
      );
      const until = Math.max(0, ...test.series.map((s) => (s.values.length - 1) * s.intervalMs));
      const timelines = await simulateRules(
        spec.rules.filter((rule) => names.has(rule.id)),
        test.series,
        { evaluationIntervalMs: spec.evaluationIntervalMs, untilMs: until + 6 * 60_000 },
      );
      const alertTests = [];
      const pendingTests = [];
      for (const timeline of timelines) {
        for (const step of timeline.steps) {
          let state = step.state;
          if (!flipped && state === flip) {
            state = 'inactive';
            flipped = true;
          }
          const evalTime = `${step.t / 1000}s`;
          alertTests.push({
            eval_time: evalTime,
            alertname: timeline.ruleId,
            exp_alerts: state === 'firing' ? [{ exp_labels: { severity: 'P1' } }] : [],
          });
          pendingTests.push({
            expr: `ALERTS{alertname="${timeline.ruleId}",alertstate="pending"}`,
            eval_time: evalTime,
            exp_samples:
              state === 'pending'
                ? [
                    {
                      labels: `ALERTS{alertname="${timeline.ruleId}",alertstate="pending",severity="P1"}`,
                      value: 1,
                    },
                  ]
                : [],
          });
        }
      }
      const steps = timelines.flatMap((t) => t.steps);
      return {
        alertTests,
        pendingTests,
        steps: steps.length,
        firing: steps.filter((s) => s.state === 'firing').length,
        pending: steps.filter((s) => s.state === 'pending').length,
      };
    }),
  );
}

async function runPromtool(files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool, ['test', 'rules', ...files], {
      cwd: folder,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

async function promtoolFile(
  cases: Case[],
  evaluationInterval: string,
  tag: string,
  flip?: Flip,
): Promise<{ file: string; steps: number; firing: number; pending: number }> {
  const { ourTest, tests } = await writeCaseFiles(cases, evaluationInterval, tag);
  const expectations = await expectationsFromOurEngine(ourTest, cases, flip);
  const file = `prom-test-${tag}.yaml`;
  const promTests = tests.map((test, index) => ({
    ...test,
    alert_rule_test: expectations[index]?.alertTests ?? [],
    promql_expr_test: expectations[index]?.pendingTests ?? [],
  }));
  await writeFile(
    join(folder, file),
    stringify({
      rule_files: [`prom-${tag}.yaml`],
      evaluation_interval: evaluationInterval,
      tests: promTests,
    }),
  );
  const total = (key: 'steps' | 'firing' | 'pending') =>
    expectations.reduce((n, e) => n + e[key], 0);
  return { file, steps: total('steps'), firing: total('firing'), pending: total('pending') };
}

describe('rule engine vs promtool (Prometheus 2.42)', () => {
  it('agrees on pending and firing at every evaluation of 240 random cases', async () => {
    const cases = randomCases(240, 20_261_126);
    const byMinute = await promtoolFile(cases.slice(0, 120), '1m', 'a');
    const byHalfMinute = await promtoolFile(cases.slice(120), '30s', 'b');
    // The cases exercise every state, not just "inactive".
    expect(byMinute.steps + byHalfMinute.steps).toBeGreaterThan(2000);
    expect(byMinute.firing + byHalfMinute.firing).toBeGreaterThan(300);
    expect(byMinute.pending + byHalfMinute.pending).toBeGreaterThan(100);
    const result = await runPromtool([byMinute.file, byHalfMinute.file]);
    const disagreeing = [...new Set(result.output.match(/alertname[:=]\s*"?case-\d+/g) ?? [])];
    expect(
      { code: result.code, disagreeing },
      `promtool disagrees with our engine:\n${result.output.slice(0, 4000)}`,
    ).toEqual({ code: 0, disagreeing: [] });
  }, 60_000);

  it.each(['firing', 'pending'] as const)(
    'detects a disagreement (one %s step expected as inactive)',
    async (flip) => {
      const cases = randomCases(20, 7);
      const flipped = await promtoolFile(cases, '1m', `flip-${flip}`, flip);
      const result = await runPromtool([flipped.file]);
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/FAILED/);
    },
    30_000,
  );
});
