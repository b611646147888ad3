import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PlanReadError, parsePlanText, readPlanFile } from './load.ts';
import { maxPlanBytes } from './plan-text.ts';
import {
  minimalPlanData,
  problemsWithCode,
  validateChanged,
  validateData,
  validPlanData,
} from './testing/plan-fixtures.ts';

const validText = stringify(validPlanData());

function lineOf(text: string, fragment: string): number {
  return text.slice(0, text.indexOf(fragment)).split('\n').length;
}

describe('parsePlanText', () => {
  it('accepts the valid fixture plan with no problems', () => {
    const result = parsePlanText(validText, 'plan.yaml');
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.plan?.venture.id).toBe('acme-insights');
  });

  it('applies defaults (monitor method, trigger policy)', () => {
    const plan = parsePlanText(validText, 'plan.yaml').plan;
    expect(plan?.monitors[0]).toMatchObject({ method: 'GET', expected_status: 200 });
    expect(plan?.triggers.builtin['LAUNCH-001']?.enabled).toBe(true);
  });

  it('reports malformed YAML with its line', () => {
    const text = 'version: 1\nventure:\n  id: x\n  name: [unclosed\npeople: []\n';
    const result = parsePlanText(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ severity: 'error', file: 'bad.yaml' });
    expect(result.problems[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a tab-indented line as a YAML error', () => {
    const result = parsePlanText('version: 1\nventure:\n\tid: x\n', 'tabs.yaml');
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.line).toBe(3);
  });

  it('reports duplicate YAML keys and still validates the rest', () => {
    const text = validText.replace('version: 1\n', 'version: 1\nversion: 1\n');
    const result = parsePlanText(text, 'plan.yaml');
    expect(result.ok).toBe(false);
    expect(problemsWithCode(result, 'duplicate_key')[0]).toMatchObject({ line: 2 });
  });

  it('rejects several YAML documents in one file', () => {
    const result = parsePlanText(`${validText}---\nversion: 1\n`, 'plan.yaml');
    expect(problemsWithCode(result, 'multiple_docs')).toHaveLength(1);
  });

  it('reports an empty file clearly', () => {
    for (const text of ['', '   \n\n', '# only a comment\n']) {
      const result = parsePlanText(text, 'empty.yaml');
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ code: 'empty_file', line: 1, column: 1 });
    }
  });

  it('rejects binary garbage with the position of the first bad byte', () => {
    const result = parsePlanText('version: 1\nven\u0000\u0001ture: x\n', 'bin.yaml');
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'binary_content', line: 2, column: 4 }),
    ]);
  });

  it('rejects a file over the size limit without parsing it', () => {
    const text = `# ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const started = performance.now();
    const result = parsePlanText(text, 'huge.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'file_too_large' })]);
    expect(result.problems[0]?.message).toContain('10.0 MiB');
  });

  it('rejects a plan that is not a mapping', () => {
    for (const text of ['just text\n', '- a\n- b\n', '42\n']) {
      const result = parsePlanText(text, 'plan.yaml');
      expect(result.problems[0]).toMatchObject({
        code: 'wrong_type',
        path: [],
        expected: 'a mapping',
      });
    }
  });

  it('stops an alias bomb instead of expanding it', () => {
    const layers = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      layers.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const result = parsePlanText(`${layers.join('\n')}\n`, 'bomb.yaml');
    expect(result.problems).toEqual([expect.objectContaining({ code: 'yaml_unresolvable' })]);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(parsePlanText(`\uFEFF${validText}`, 'plan.yaml').ok).toBe(true);
  });
});

describe('schema problems', () => {
  it('reports a wrong type at the value with the expected type', () => {
    const text = validText.replace('name: Acme Insights', 'name: [1, 2]');
    const [problem] = parsePlanText(text, 'plan.yaml').problems;
    expect(problem).toMatchObject({
      code: 'wrong_type',
      path: ['venture', 'name'],
      expected: 'a string',
      line: lineOf(text, 'name: [1, 2]'),
      column: 9,
    });
  });

  it('reports an out-of-range parameter with its range', () => {
    const result = validateChanged((plan) => {
      plan.parameters.launch_window_duration = 13;
    });
    expect(problemsWithCode(result, 'out_of_range')[0]).toMatchObject({
      path: ['parameters', 'launch_window_duration'],
      expected: '1–12 hours',
    });
  });

  it('reports an unknown key at the key, with the nearest valid name', () => {
    const text = validText.replace('production_url:', 'prodution_url:');
    const result = parsePlanText(text, 'plan.yaml');
    const unknown = problemsWithCode(result, 'unknown_key')[0];
    expect(unknown).toMatchObject({
      path: ['venture', 'prodution_url'],
      suggestion: 'production_url',
      line: lineOf(text, 'prodution_url:'),
      column: 3,
    });
    expect(problemsWithCode(result, 'missing_key')[0]).toMatchObject({
      path: ['venture', 'production_url'],
      line: lineOf(text, 'venture:'),
    });
  });

  it('suggests the nearest enum value', () => {
    const result = validateChanged((plan) => {
      plan.parameters.launch_day_of_week = 'wensday';
    });
    expect(problemsWithCode(result, 'invalid_value')[0]).toMatchObject({ suggestion: 'wednesday' });
  });

  it('reports a bad discriminator with the allowed values', () => {
    const result = validateChanged((plan) => {
      (plan.monitors[0] as Record<string, unknown>).type = 'htp';
    });
    expect(problemsWithCode(result, 'invalid_value')[0]).toMatchObject({
      path: ['monitors', 0, 'type'],
      suggestion: 'http',
    });
  });

  it('reports every problem at once, schema and semantic', () => {
    const result = validateChanged((plan) => {
      plan.venture.timezone = 'Mars/Olympus';
      plan.parameters.max_error_rate = 50;
      plan.unknown_section = true;
      plan.activations[0] = { ...plan.activations[0], template: 'nope' };
      plan.people.push({ ...plan.people[0] });
    });
    const codes = result.problems.map((problem) => problem.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'invalid_value',
        'out_of_range',
        'unknown_key',
        'dangling_reference',
        'duplicate_id',
      ]),
    );
  });

  it('runs the parameter checks on a plan without a preset', () => {
    const plan = minimalPlanData();
    plan.activations = [];
    const result = validateData(plan);
    expect(result.problems.map((problem) => problem.code)).toEqual(['email_audience_missing']);
  });

  it('still runs the checks of valid sections when another section is invalid', () => {
    const result = validateChanged((plan) => {
      plan.gtm = { target_segmnt: 'x' };
      plan.t0 = '2026-05-29T11:00';
    });
    expect(result.problems.map((problem) => problem.code)).toEqual([
      'missing_key',
      'unknown_key',
      'weekday_mismatch',
    ]);
  });

  it('rejects invalid formats of URL, country, T0, offset and duration', () => {
    const result = validateChanged((plan) => {
      plan.venture.staging_url = 'ftp://staging';
      plan.venture.market_country = 'XX';
      plan.t0 = '2026-02-30T10:00';
      plan.activations[0] = { ...plan.activations[0], at: '+15m' };
      plan.monitors[0] = { ...plan.monitors[0], interval: '2s' };
    });
    const paths = result.problems.map((problem) => problem.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'venture.staging_url',
        'venture.market_country',
        't0',
        'activations.0.at',
        'monitors.0.interval',
      ]),
    );
  });

  it('reports a monitor timeout not shorter than its interval', () => {
    const result = validateChanged((plan) => {
      plan.monitors[0] = { ...plan.monitors[0], interval: '10s', timeout: '10s' };
    });
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: ['monitors', 0, 'timeout'],
        message: 'timeout must be shorter than interval',
      }),
    ]);
  });

  it('reports an invalid config key at the key', () => {
    const result = validateChanged((plan) => {
      plan.connectors[0] = { ...plan.connectors[0], config: { 'Bad-Key': 1 } };
    });
    expect(problemsWithCode(result, 'invalid_key')).toEqual([
      expect.objectContaining({
        path: ['connectors', 0, 'config', 'Bad-Key'],
        message: 'config keys are snake_case',
      }),
    ]);
  });

  it('requires a subject on e-mail templates', () => {
    const result = validateChanged((plan) => {
      delete plan.templates[0]?.subject;
    });
    expect(result.problems[0]).toMatchObject({ path: ['templates', 0, 'subject'] });
  });
});

describe('readPlanFile', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'launchcrew-plan-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads and validates a file', async () => {
    const file = join(directory, 'plan.yaml');
    await writeFile(file, validText);
    expect((await readPlanFile(file)).ok).toBe(true);
  });

  it('throws PlanReadError for a missing file', async () => {
    await expect(readPlanFile(join(directory, 'missing.yaml'))).rejects.toMatchObject({
      name: 'PlanReadError',
      reason: 'not_found',
    });
  });

  it('throws PlanReadError for a directory', async () => {
    await expect(readPlanFile(directory)).rejects.toBeInstanceOf(PlanReadError);
    await expect(readPlanFile(directory)).rejects.toMatchObject({ reason: 'not_a_file' });
  });

  it('maps file-system errors to read failures', () => {
    const failure = (code: string) =>
      PlanReadError.fromFileSystem('plan.yaml', Object.assign(new Error(code), { code }));
    expect(failure('EACCES')).toMatchObject({
      reason: 'permission_denied',
      message: 'cannot read plan.yaml: permission denied',
    });
    expect(failure('EPERM').reason).toBe('permission_denied');
    expect(failure('ENOENT').reason).toBe('not_found');
    expect(failure('EISDIR').reason).toBe('not_a_file');
    expect(failure('EIO')).toMatchObject({ reason: 'io_error', code: 'plan_unreadable' });
  });

  it('reports a 10 MB file as too large without reading it', async () => {
    const file = join(directory, 'huge.yaml');
    await writeFile(file, Buffer.alloc(10 * 1024 * 1024, 0x23));
    const result = await readPlanFile(file);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'file_too_large' })]);
    expect(maxPlanBytes).toBe(5 * 1024 * 1024);
  });

  it('reports invalid UTF-8 as binary content', async () => {
    const file = join(directory, 'latin1.yaml');
    await writeFile(file, Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect((await readPlanFile(file)).problems[0]).toMatchObject({
      code: 'binary_content',
      line: 1,
    });
  });

  it('reports random binary bytes as binary content', async () => {
    const file = join(directory, 'random.bin');
    await writeFile(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    expect((await readPlanFile(file)).problems[0]?.code).toBe('binary_content');
  });
});
