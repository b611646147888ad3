import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../output.ts';
import { runRulesTestCommand } from './rules.ts';

function capture(): CommandIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (t) => void out_.push(t), err: (t) => void err_.push(t) };
}

const rules = `- id: high-errors
  expr: 'error_rate{service="api"} > 5'
  for: 2m
  no_data: ok
  severity: P1
`;

let folder: string;
const write = async (name: string, text: string) => {
  const file = join(folder, name);
  await writeFile(file, text);
  return file;
};
const testFile = (body: string) => `rule_files: [rules.yaml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'error_rate{service="api"}'
        values: '1 9x4 2'
${body}`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'launchcrew-rules-test-'));
  await write('rules.yaml', rules);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('launchcrew rules test', () => {
  it('passes the shipped example', async () => {
    const io = capture();
    expect(await runRulesTestCommand({ file: 'examples/rules-test.yaml' }, io)).toBe(0);
    expect(io.out_).toEqual(['examples/rules-test.yaml: SUCCESS']);
  });

  it('prints every transition as JSON when there are no expectations', async () => {
    const io = capture();
    const file = await write('plain.yaml', testFile(''));
    expect(await runRulesTestCommand({ file, json: true }, io)).toBe(0);
    expect(JSON.parse(io.out_.join('\n'))).toEqual({
      ok: true,
      failures: [],
      rules: [
        {
          name: 'high-errors',
          series: { service: 'api' },
          transitions: [
            { t: 60, state: 'pending' },
            { t: 180, state: 'firing' },
            { t: 360, state: 'inactive' },
          ],
        },
      ],
    });
  });

  it('exits 1 with a diff when an expectation does not hold', async () => {
    const io = capture();
    const file = await write(
      'wrong.yaml',
      testFile(`    alert_rule_test:
      - eval_time: 2m
        alertname: high-errors
        exp_alerts:
          - exp_labels: { service: api, severity: P1 }
`),
    );
    expect(await runRulesTestCommand({ file }, io)).toBe(1);
    expect(io.out_).toEqual([
      `FAILED ${file}:9:9 (test 1): alertname: high-errors, time: 2m0s\n    exp: [{service="api", severity="P1"}]\n    got: []`,
      `${file}: 1 FAILED`,
    ]);
  });

  it.each([
    [
      'a YAML syntax error',
      'syntax.yaml',
      'rule_files: [rules.yaml\ntests: {',
      /syntax\.yaml:\d+:\d+: /,
    ],
    [
      'bad series notation',
      'notation.yaml',
      testFile('').replace("'1 9x4 2'", "'1 9xx4'"),
      /notation\.yaml:6:9: bad value '9xx4'/,
    ],
    [
      'an unknown key',
      'key.yaml',
      testFile('    alert_rule_tests: []\n'),
      /key\.yaml:4:5: tests\.0: Unrecognized key: "alert_rule_tests"/,
    ],
  ])('exits 1 with file:line on %s', async (_, name, text, message) => {
    const io = capture();
    const file = await write(name, text);
    expect(await runRulesTestCommand({ file }, io)).toBe(1);
    expect(io.err_.join('\n')).toMatch(message);
  });

  it('exits 1 with file:line on a malformed rule expression', async () => {
    await write('bad-rules.yaml', rules.replace('> 5', '>> 5'));
    const file = await write('bad-expr.yaml', testFile('').replace('rules.yaml', 'bad-rules.yaml'));
    const io = capture();
    expect(await runRulesTestCommand({ file }, io)).toBe(1);
    expect(io.err_.join('\n')).toMatch(/bad-rules\.yaml:2:9: invalid rule expression/);
  });

  it('exits 2 when a file cannot be read', async () => {
    const io = capture();
    expect(await runRulesTestCommand({ file: join(folder, 'missing.yaml') }, io)).toBe(2);
    expect(io.err_.join('\n')).toMatch(/cannot read .*missing\.yaml/);
  });
});
