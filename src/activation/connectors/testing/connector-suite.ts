/** Shared setup of the activation connector tests (not used in production code). */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  type FakeReply,
  type FakeVendor,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { activationConnectorManifests } from '../../activation-connectors.ts';

/**
 * One fake vendor for the enclosing `describe`: started before its tests, closed after them, and
 * emptied (received requests, queued replies) before each test. The returned vendor can be used
 * as soon as the suite has started.
 *
 * @example
 * const vendor = fakeVendorForSuite({ status: 500 });
 * it('posts', async () => { vendor.replies.push(jsonReply(201, {})); ... });
 */
export function fakeVendorForSuite(fallback: FakeReply): FakeVendor {
  let started: FakeVendor | undefined;
  const current = (): FakeVendor => {
    if (!started) throw new Error('the fake vendor starts in beforeAll; use it inside a test');
    return started;
  };
  beforeAll(async () => {
    started = await startFakeVendor(fallback);
  });
  afterAll(() => current().close());
  beforeEach(() => {
    current().received.length = 0;
    current().replies.length = 0;
  });
  return {
    get url() {
      return current().url;
    },
    get received() {
      return current().received;
    },
    get replies() {
      return current().replies;
    },
    get fallback() {
      return current().fallback;
    },
    set fallback(reply: FakeReply) {
      current().fallback = reply;
    },
    close: () => current().close(),
  };
}

/**
 * A test that the connector of `vendor` is discovered in the activation connectors folder with
 * exactly `kinds`.
 *
 * @example
 * itIsDiscovered('x', ['social']);
 */
export function itIsDiscovered(vendor: string, kinds: readonly string[]): void {
  it('is found in the activation connectors folder', async () => {
    const found = (await activationConnectorManifests()).find((m) => m.vendor === vendor);
    expect(found?.kinds).toEqual(kinds);
  });
}
