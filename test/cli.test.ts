import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

const cli = join(import.meta.dirname, '..', 'bin', 'launchcrew.js');

/** Runs the CLI as a user would; resolves with its exit code and output, never rejects. */
function launchcrew(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('the launchcrew command', () => {
  let t: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await createTestDatabase();
    env = { DATABASE_URL: t.url };
  });
  afterAll(() => t.drop());

  it('prints help for every command and exits 0', async () => {
    const top = await launchcrew(['--help'], env);
    expect(top.code).toBe(0);
    for (const command of ['init', 'validate', 'up', 'worker', 'db', 'token', 'launch']) {
      expect(top.stdout).toContain(command);
    }
    const sub = await launchcrew(['token', 'create', '--help'], env);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--role <role>');
  });

  it('rejects an unknown command or option with exit 1', async () => {
    const unknown = await launchcrew(['lauch', 'list'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'lauch'/);
    expect(unknown.stderr).toMatch(/did you mean launch\?/i);
  });

  it('migrates, creates a token, and lists tokens without their secrets', async () => {
    const migrate = await launchcrew(['db', 'migrate', '--json'], env);
    expect(migrate.code).toBe(0);
    expect(JSON.parse(migrate.stdout)).toEqual({ applied: [] });

    const created = await launchcrew(
      ['token', 'create', '--role', 'viewer', '--name', 'ci-bot', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const { secret, id } = JSON.parse(created.stdout) as { secret: string; id: string };
    const listed = await launchcrew(['token', 'list', '--json'], env);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(secret);
    const stored = await t.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(secret.slice(4));

    const revoked = await launchcrew(['token', 'revoke', id], env);
    expect(revoked.code).toBe(0);
    const again = await launchcrew(['token', 'revoke', id], env);
    expect(again.code).toBe(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['token.create', 'token.revoke']);
    expect(audit.every((a) => a.actor.startsWith('cli:'))).toBe(true);
  });

  it('explains bad input with exit 1 and no stack trace', async () => {
    const role = await launchcrew(['token', 'create', '--role', 'admin', '--name', 'x'], env);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain(
      'role must be one of lead, devops_oncall, marketing, support, viewer',
    );
    expect(role.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

    const missing = await launchcrew(
      ['launch', 'get', '7d1f2c4e-0000-4000-8000-000000000000'],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');

    const config = await launchcrew(['launch', 'list'], { DATABASE_URL: 'mysql://nope' });
    expect(config.code).toBe(1);
    expect(config.stderr).toContain('DATABASE_URL');
  });

  it('exits 3 when the database cannot be reached, without printing credentials', async () => {
    const down = await launchcrew(['launch', 'list'], {
      DATABASE_URL: 'postgres://user:hunter2@127.0.0.1:1/none',
    });
    expect(down.code).toBe(3);
    expect(down.stderr).not.toContain('hunter2');
  });
});
