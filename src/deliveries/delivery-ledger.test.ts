import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { OperationalError } from '../shared/errors.ts';
import { deliverOnce } from './delivery-ledger.ts';

/** A vendor at the wire: counts requests and answers with the next queued status. */
function fakeVendor() {
  const received: string[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(body);
      response.writeHead(statuses.shift() ?? 202, { 'content-type': 'application/json' });
      response.end('{"status":"success"}');
    });
  });
  return { server, received, statuses };
}

describe('deliverOnce', () => {
  let t: TestDatabase;
  const vendor = fakeVendor();
  let url = '';
  const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));

  const send = async (body: object) => {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    if (response.status >= 500 || response.status === 429) {
      throw new OperationalError(`vendor answered ${response.status}`);
    }
    if (response.status >= 400) throw new Error(`vendor rejected the request: ${response.status}`);
    return { status: response.status };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await new Promise<void>((resolve) => vendor.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(vendor.server.address() as AddressInfo).port}/v2/enqueue`;
  });
  afterAll(async () => {
    vendor.server.close();
    await t.drop();
  });
  beforeEach(() => {
    vendor.received.length = 0;
    vendor.statuses.length = 0;
  });

  it('sends once; a second call with the same key does not send again', async () => {
    const request = { key: 'page:1', channel: 'pagerduty', request: { summary: 'down' } };
    const first = await deliverOnce(t.db, clock, request, () => send({ summary: 'down' }));
    const second = await deliverOnce(t.db, clock, request, () => send({ summary: 'down' }));
    expect(first).toMatchObject({ state: 'sent', sentNow: true });
    expect(second).toMatchObject({ state: 'sent', sentNow: false });
    expect(vendor.received).toHaveLength(1);
    expect(first.row.attempts).toBe(1);
  });

  it('a retryable vendor fault goes back to pending and the retry sends it', async () => {
    vendor.statuses.push(503);
    const request = { key: 'page:2', channel: 'pagerduty', request: {} };
    await expect(deliverOnce(t.db, clock, request, () => send({ n: 2 }))).rejects.toThrow(
      OperationalError,
    );
    const row = await t.db
      .selectFrom('deliveries')
      .selectAll()
      .where('key', '=', 'page:2')
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
    expect(row.error).toContain('503');
    const retried = await deliverOnce(t.db, clock, request, () => send({ n: 2 }));
    expect(retried).toMatchObject({ state: 'sent', sentNow: true });
    expect(retried.row.attempts).toBe(2);
    expect(vendor.received).toHaveLength(2);
  });

  it('a request the vendor refuses fails for good and is never resent', async () => {
    vendor.statuses.push(400);
    const request = { key: 'page:3', channel: 'pagerduty', request: {} };
    await expect(deliverOnce(t.db, clock, request, () => send({ n: 3 }))).rejects.toThrow(
      'rejected',
    );
    const again = await deliverOnce(t.db, clock, request, () => send({ n: 3 }));
    expect(again).toMatchObject({ state: 'failed', sentNow: false });
    expect(vendor.received).toHaveLength(1);
  });

  it('a send left mid-flight by a crash becomes unknown and is not repeated', async () => {
    const now = clock.now();
    await t.db
      .insertInto('deliveries')
      .values({
        key: 'mail:4',
        channel: 'email',
        state: 'sending',
        request: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const request = { key: 'mail:4', channel: 'email', request: {} };
    await expect(deliverOnce(t.db, clock, request, () => send({ n: 4 }))).rejects.toThrow(
      'another worker',
    );
    clock.advance(5 * 60_000);
    const settled = await deliverOnce(t.db, clock, request, () => send({ n: 4 }));
    expect(settled).toMatchObject({ state: 'unknown', sentNow: false });
    expect(vendor.received).toHaveLength(0);
  });

  it('an unknown outcome is resent when the vendor de-duplicates', async () => {
    const now = clock.now();
    await t.db
      .insertInto('deliveries')
      .values({
        key: 'pd:5',
        channel: 'pagerduty',
        state: 'sending',
        request: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    clock.advance(5 * 60_000);
    const request = { key: 'pd:5', channel: 'pagerduty', request: {}, vendorIdempotent: true };
    await expect(deliverOnce(t.db, clock, request, () => send({ n: 5 }))).rejects.toThrow(
      'resending',
    );
    const resent = await deliverOnce(t.db, clock, request, () => send({ n: 5 }));
    expect(resent).toMatchObject({ state: 'sent', sentNow: true });
    expect(vendor.received).toHaveLength(1);
  });

  it('concurrent calls with one key send exactly once', async () => {
    const request = { key: 'race:6', channel: 'slack', request: {} };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => deliverOnce(t.db, clock, request, () => send({ n: 6 }))),
    );
    expect(vendor.received).toHaveLength(1);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.sentNow)).toHaveLength(1);
  });
});
