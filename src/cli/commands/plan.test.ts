import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetNames } from '../../plan/presets.ts';
import { fixtureNow } from '../../plan/testing/plan-fixtures.ts';
import type { CommandIo } from '../output.ts';
import { registerPlanCommands, runInit, runValidate } from './plan.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'launchcrew-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('launchcrew init', () => {
  it.each(presetNames)('writes a plan for %s that validates with exit code 0', async (preset) => {
    const out = join(directory, `${preset}.yaml`);
    const io = capture();
    expect(await runInit({ preset, out, now: fixtureNow }, io)).toBe(0);
    expect(io.stdout[0]).toContain(`wrote ${out}`);
    const check = capture();
    expect(await runValidate({ file: out }, check)).toBe(0);
    // the only problems: warnings for vendors LaunchCrew has no connector for (e.g. kubernetes)
    const warnings = check.stdout.slice(0, -1);
    expect(warnings.filter((line) => !line.includes('has no connector for vendor'))).toEqual([]);
    expect(check.stdout.at(-1)).toBe(
      `${out}: valid (${warnings.length} warning${warnings.length === 1 ? '' : 's'})`,
    );
  });

  it('points the schema comment at the bundled schema, relative to the plan', async () => {
    const out = join(directory, 'schema-ref.yaml');
    await runInit({ preset: 'b2b_saas_launch', out, now: fixtureNow }, capture());
    const firstLine = (await readFile(out, 'utf8')).split('\n')[0] ?? '';
    const reference = firstLine.replace('# yaml-language-server: $schema=', '');
    await expect(readFile(join(directory, reference), 'utf8')).resolves.toContain('"$schema"');
  });

  it('refuses to overwrite a file without --force', async () => {
    const out = join(directory, 'existing.yaml');
    await writeFile(out, 'keep me\n');
    const io = capture();
    expect(await runInit({ preset: 'b2b_saas_launch', out }, io)).toBe(1);
    expect(io.stderr[0]).toContain('already exists; use --force');
    expect(await readFile(out, 'utf8')).toBe('keep me\n');
    expect(await runInit({ preset: 'b2b_saas_launch', out, force: true }, capture())).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('preset: b2b_saas_launch');
  });

  it('rejects an unknown preset, listing the three names', async () => {
    const io = capture();
    expect(await runInit({ preset: 'b2b_sass_launch', out: join(directory, 'x.yaml') }, io)).toBe(
      1,
    );
    expect(io.stderr[0]).toBe(
      "error: unknown preset 'b2b_sass_launch' (did you mean 'b2b_saas_launch'?); use one of: b2b_saas_launch, consumer_app_launch, developer_tool_launch",
    );
  });

  it('writes to standard output with --out -', async () => {
    const io = capture();
    expect(await runInit({ preset: 'developer_tool_launch', out: '-' }, io)).toBe(0);
    expect(io.stdout[0]).toContain('preset: developer_tool_launch');
  });

  it('reports an unwritable destination with exit code 2', async () => {
    const io = capture();
    expect(
      await runInit(
        { preset: 'b2b_saas_launch', out: join(directory, 'no', 'such', 'dir.yaml') },
        io,
      ),
    ).toBe(2);
    expect(io.stderr[0]).toContain('cannot write');
  });
});

describe('launchcrew validate', () => {
  it('exits 1 and prints every problem as file:line:column  severity  path  message', async () => {
    const file = join(directory, 'invalid.yaml');
    await runInit({ preset: 'b2b_saas_launch', out: file, now: fixtureNow }, capture());
    const text = (await readFile(file, 'utf8'))
      .replace('  target_segment:', '  target_segmnt:')
      .replace('t0: 2026-05-27', 't0: 2026-05-29');
    await writeFile(file, text);
    const lineOf = (fragment: string) => text.slice(0, text.indexOf(fragment)).split('\n').length;
    const io = capture();
    expect(await runValidate({ file }, io)).toBe(1);
    const unknownVendor = (line: string) => line.includes('has no connector for vendor');
    expect(io.stdout.filter(unknownVendor)).toHaveLength(2);
    expect(io.stdout.filter((line) => !unknownVendor(line))).toEqual([
      `${file}:${lineOf('gtm:')}:1  error  gtm.target_segment  missing required key 'target_segment' (expected a string)`,
      `${file}:${lineOf('target_segmnt')}:3  error  gtm.target_segmnt  unknown key 'target_segmnt' (did you mean 'target_segment'?)`,
      `${file}:${lineOf('t0:')}:5  warning  t0  T0 is on a friday but launch_day_of_week is wednesday (expected a wednesday)`,
      `${file}: invalid, 2 errors, 3 warnings`,
    ]);
  });

  it('exits 0 with warnings only', async () => {
    const file = join(directory, 'warning.yaml');
    await runInit({ preset: 'b2b_saas_launch', out: file, now: fixtureNow }, capture());
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('t0: 2026-05-27', 't0: 2026-05-29'),
    );
    const io = capture();
    expect(await runValidate({ file }, io)).toBe(0);
    expect(io.stdout.at(-1)).toBe(`${file}: valid (3 warnings)`); // T0 and 2 unknown vendors
  });

  it('exits 2 when the file cannot be read, without a stack trace', async () => {
    const io = capture();
    expect(await runValidate({ file: join(directory, 'missing.yaml') }, io)).toBe(2);
    expect(io.stderr).toEqual([
      `error: cannot read ${join(directory, 'missing.yaml')}: no such file`,
    ]);
    expect(await runValidate({ file: directory }, capture())).toBe(2);
  });

  it('prints {ok, problems} with --json', async () => {
    const file = join(directory, 'empty.yaml');
    await writeFile(file, '');
    const io = capture();
    expect(await runValidate({ file, json: true }, io)).toBe(1);
    const output = JSON.parse(io.stdout.join('\n'));
    expect(output).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'empty_file', line: 1, column: 1, file })],
    });
    const missing = capture();
    expect(await runValidate({ file: join(directory, 'nope.yaml'), json: true }, missing)).toBe(2);
    expect(JSON.parse(missing.stdout.join('\n'))).toMatchObject({
      ok: false,
      error: { reason: 'not_found' },
    });
  });

  it('is wired into commander and sets the exit code', async () => {
    const program = new Command('launchcrew').exitOverride();
    const io = capture();
    registerPlanCommands(program, io);
    const previous = process.exitCode;
    await program.parseAsync(['validate', join(directory, 'missing.yaml')], { from: 'user' });
    expect(process.exitCode).toBe(2);
    process.exitCode = previous;
  });
});
