import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { UserError } from '../shared/errors.ts';
import { createToken, revokeToken, verifyToken } from './tokens.ts';

describe('API tokens', () => {
  let t: TestDatabase;
  const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('verifies a token by its hash, never storing the secret', async () => {
    const created = await createToken(t.db, clock, { name: 'ana', role: 'lead', actor: 'test' });
    expect(await verifyToken(t.db, clock, created.secret)).toEqual({
      tokenId: created.id,
      name: 'ana',
      role: 'lead',
    });
    const row = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(4));
    expect(await verifyToken(t.db, clock, `${created.secret}x`)).toBeNull();
    expect(await verifyToken(t.db, clock, 'Bearer nonsense')).toBeNull();
  });

  it('records last use at most once a minute', async () => {
    const { id, secret } = await createToken(t.db, clock, {
      name: 'bob',
      role: 'viewer',
      actor: 'test',
    });
    const lastUsed = async () =>
      (
        await t.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    await verifyToken(t.db, clock, secret);
    const first = await lastUsed();
    clock.advance(30_000);
    await verifyToken(t.db, clock, secret);
    expect(await lastUsed()).toEqual(first);
    clock.advance(31_000);
    await verifyToken(t.db, clock, secret);
    expect(await lastUsed()).toEqual(clock.now());
  });

  it('refuses revoked tokens, unknown roles and bad names', async () => {
    const { id, secret } = await createToken(t.db, clock, {
      name: 'eve',
      role: 'support',
      actor: 'test',
    });
    expect(await revokeToken(t.db, clock, id, 'test')).toBe(true);
    expect(await revokeToken(t.db, clock, id, 'test')).toBe(false);
    expect(await verifyToken(t.db, clock, secret)).toBeNull();
    await expect(
      createToken(t.db, clock, { name: 'x', role: 'admin', actor: 'test' }),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      createToken(t.db, clock, { name: 'has space', role: 'viewer', actor: 'test' }),
    ).rejects.toThrow(/token name/);
  });
});
