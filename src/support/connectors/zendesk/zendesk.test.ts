import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeVendor, startFakeVendor } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { openTicketingConnector } from '../../ticketing-connector.ts';

const token = 'zd-token-9f8e7d6c5b4a';
const env = { ZENDESK_API_TOKEN: token };
const basic = `Basic ${Buffer.from(`support@acme.example/token:${token}`).toString('base64')}`;

let zendesk: FakeVendor;
beforeAll(async () => {
  zendesk = await startFakeVendor();
});
afterAll(() => zendesk.close());
beforeEach(() => {
  zendesk.received.length = 0;
  zendesk.replies.length = 0;
});

function open() {
  return openTicketingConnector(
    {
      id: 'helpdesk',
      kind: 'ticketing',
      vendor: 'zendesk',
      config: {
        subdomain: 'acme',
        email: 'support@acme.example',
        api_token_env: 'ZENDESK_API_TOKEN',
        base_url: zendesk.url,
      },
    },
    env,
  );
}

const requester = { name: 'Sam Support', email: 'sam@acme.example' };

describe('zendesk ticketing connector', () => {
  it('creates a ticket with the documented body and Basic token auth', async () => {
    zendesk.replies.push({ status: 201, body: JSON.stringify({ ticket: { id: 35436 } }) });
    const ticketing = await open();
    const created = await ticketing.createTicket({ subject: 'Test', body: 'Hello', requester });
    expect(created).toEqual({ id: '35436' });
    const [request] = zendesk.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/v2/tickets.json');
    expect(request?.headers.authorization).toBe(basic);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      ticket: {
        subject: 'Test',
        comment: { body: 'Hello' },
        requester: { name: 'Sam Support', email: 'sam@acme.example' },
        tags: ['launchcrew-test'],
      },
    });
  });

  it('solves a ticket with a private comment', async () => {
    zendesk.replies.push({ status: 200, body: JSON.stringify({ ticket: { id: 35436 } }) });
    await (await open()).resolveTicket('35436');
    const [request] = zendesk.received;
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe('/api/v2/tickets/35436.json');
    expect(request?.headers.authorization).toBe(basic);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      ticket: {
        status: 'solved',
        comment: { body: 'Solved by LaunchCrew: ticketing test.', public: false },
      },
    });
  });

  it("fails a 422 with Zendesk's validation message", async () => {
    zendesk.replies.push({
      status: 422,
      body: JSON.stringify({
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { requester: [{ description: 'Requester: Email is not properly formatted' }] },
      }),
    });
    const failure = (await open()).createTicket({ subject: 'Test', body: 'Hello', requester });
    await expect(failure).rejects.toBeInstanceOf(VendorRejectedError);
    await expect(failure).rejects.toThrow(
      'zendesk rejected the request: HTTP 422 RecordInvalid: Record validation errors — Requester: Email is not properly formatted',
    );
    expect(zendesk.received).toHaveLength(1);
  });

  it('retries a 429 after Retry-After', async () => {
    zendesk.replies.push(
      { status: 429, headers: { 'retry-after': '0' }, body: '{"error":"TooManyRequests"}' },
      { status: 201, body: JSON.stringify({ ticket: { id: 7 } }) },
    );
    const created = await (await open()).createTicket({ subject: 'S', body: 'B', requester });
    expect(created).toEqual({ id: '7' });
    expect(zendesk.received.map((request) => request.path)).toEqual([
      '/api/v2/tickets.json',
      '/api/v2/tickets.json',
    ]);
  });

  it('checks the connection with users/me, and fails an anonymous answer or a 401', async () => {
    zendesk.replies.push(
      { status: 200, body: JSON.stringify({ user: { id: 1, role: 'admin' } }) },
      { status: 200, body: JSON.stringify({ user: { id: null, role: 'end-user' } }) },
      { status: 401, body: JSON.stringify({ error: "Couldn't authenticate you" }) },
    );
    const ticketing = await open();
    expect(await ticketing.checkConnection()).toEqual({
      ok: true,
      message: `signed in to ${zendesk.url} as support@acme.example (admin)`,
    });
    expect((await ticketing.checkConnection()).ok).toBe(false);
    const unauthorized = await ticketing.checkConnection();
    expect(unauthorized).toEqual({
      ok: false,
      message: "zendesk rejected the request: HTTP 401 Couldn't authenticate you",
    });
    expect(zendesk.received[0]).toMatchObject({ method: 'GET', path: '/api/v2/users/me.json' });
    expect(zendesk.received[0]?.headers.authorization).toBe(basic);
  });

  it('names the missing variable, never a value, when the token is not set', async () => {
    const ticketing = await openTicketingConnector(
      {
        id: 'helpdesk',
        kind: 'ticketing',
        vendor: 'zendesk',
        config: { subdomain: 'acme', email: 'a@acme.example', api_token_env: 'ZD_UNSET' },
      },
      {},
    );
    expect(await ticketing.checkConnection()).toEqual({
      ok: false,
      message:
        "connector 'helpdesk': environment variable ZD_UNSET (named by api_token_env) is not set",
    });
  });
});
