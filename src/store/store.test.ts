import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { describeUrl, openStore } from './store.ts';

describe('the embedded store', () => {
  const homes: string[] = [];
  afterAll(async () => {
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  it('starts a real PostgreSQL on a free port, keeps data across restarts, and shares a running server', {
    timeout: 90_000,
  }, async () => {
    const home = await mkdtemp(join(tmpdir(), 'launchcrew-store-'));
    homes.push(home);

    const first = await openStore({ home });
    expect(first.embedded?.created).toBe(true);
    // <home>/pgdata holds the data (as root, possibly via a link the server user can follow)
    expect(await realpath(join(home, 'pgdata'))).toBe(first.embedded?.dataDir);
    expect(first.description).toContain(first.embedded?.dataDir);
    await migrateToLatest(first.db);
    await first.db.insertInto('ventures').values({ id: 'acme', name: 'Acme' }).execute();
    const version = await sql<{ v: string }>`SELECT version() AS v`.execute(first.db);
    expect(version.rows[0]?.v).toMatch(/^PostgreSQL \d+/);

    // A second process-like opener while the first runs shares the server instead of failing.
    const second = await openStore({ home });
    expect(second.embedded?.port).toBe(first.embedded?.port);
    expect(await second.db.selectFrom('ventures').select('name').execute()).toEqual([
      { name: 'Acme' },
    ]);
    await second.close();
    // closing the sharer must not stop the owner's server
    expect(await first.db.selectFrom('ventures').select('id').execute()).toHaveLength(1);
    await first.close();

    const again = await openStore({ home });
    expect(again.embedded?.created).toBe(false);
    expect((await migrateToLatest(again.db)).applied).toEqual([]);
    expect(await again.db.selectFrom('ventures').select('name').execute()).toEqual([
      { name: 'Acme' },
    ]);
    await again.close();
    await rm(first.embedded?.dataDir ?? '', { recursive: true, force: true });
  });
});

describe('describeUrl', () => {
  it('never shows credentials', () => {
    expect(describeUrl('postgres://user:s3cret@db.example:6543/launchcrew')).toBe(
      'db.example:6543/launchcrew',
    );
    expect(describeUrl('not a url')).not.toContain('not a url');
  });
});
