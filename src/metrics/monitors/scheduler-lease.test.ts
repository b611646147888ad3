import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { acquireSchedulerLease, releaseSchedulerLease } from './scheduler-lease.ts';

describe('scheduler lease', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('has one holder at a time, renewed by it, taken over after it lapses or is released', async () => {
    const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
    const lease = (holder: string) =>
      acquireSchedulerLease(t.db, { holder, now: clock.now(), ttlMs: 30_000 });

    expect(await lease('a')).toBe(true);
    expect(await lease('b')).toBe(false);
    clock.advance(20_000);
    expect(await lease('a')).toBe(true); // renewed until 10:00:50
    clock.advance(20_000);
    expect(await lease('b')).toBe(false);
    clock.advance(10_000); // a did not renew: lapsed at 10:00:50
    expect(await lease('b')).toBe(true);
    expect(await lease('a')).toBe(false);
    await releaseSchedulerLease(t.db, 'b');
    expect(await lease('a')).toBe(true);
  });
});
