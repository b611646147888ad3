import { describe, expect, it } from 'vitest';
import { jsonReply } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { fakeVendorForSuite, itIsDiscovered } from '../testing/connector-suite.ts';
import { manifest } from './manifest.ts';

const accessToken = 'ya29.google-SECRET';
const developerToken = 'dev-token-SECRET';
const mutated = jsonReply(200, {
  results: [{ resourceName: 'customers/1234567890/campaigns/987' }],
});

describe('Google Ads connector (faked at the wire)', () => {
  const vendor = fakeVendorForSuite(mutated);
  const open = (extra: Record<string, unknown> = {}) =>
    manifest.open(
      {
        id: 'gads',
        kind: 'ads',
        vendor: 'google-ads',
        config: {
          access_token_env: 'GADS_TOKEN',
          developer_token_env: 'GADS_DEV',
          customer_id: '1234567890',
          campaign_id: '987',
          base_url: vendor.url,
          ...extra,
        },
      },
      { GADS_TOKEN: accessToken, GADS_DEV: developerToken },
    );
  const bodyOf = (index: number) => JSON.parse(vendor.received[index]?.body ?? '');
  const operation = (status: string) => ({
    operations: [
      {
        update: { resourceName: 'customers/1234567890/campaigns/987', status },
        updateMask: 'status',
      },
    ],
  });

  itIsDiscovered('google-ads', ['ads']);

  it('enables the campaign (ACTIVE → ENABLED) with the documented mutate', async () => {
    const prepared = open({ login_customer_id: '1112223334' }).prepare(activationMessage());
    expect(await prepared.send()).toEqual({
      http_status: 200,
      resource_name: 'customers/1234567890/campaigns/987',
      status: 'ENABLED',
      handle: { vendor: 'google-ads', id: '987' },
    });
    const [request] = vendor.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v26/customers/1234567890/campaigns:mutate');
    expect(request?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(request?.headers['developer-token']).toBe(developerToken);
    expect(request?.headers['login-customer-id']).toBe('1112223334');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(bodyOf(0)).toEqual(operation('ENABLED'));
    expect(prepared.request).toEqual({
      method: 'POST',
      path: '/v26/customers/1234567890/campaigns:mutate',
      body: operation('ENABLED'),
    });
    const recorded = JSON.stringify(prepared.request);
    expect(recorded).not.toContain(accessToken);
    expect(recorded).not.toContain(developerToken);
  });

  it('sends no login-customer-id without a manager, and pauses, resumes, cancels', async () => {
    const ads = open();
    const handle = { vendor: 'google-ads', id: '987' };
    await ads.control?.(handle, 'pause');
    await ads.control?.(handle, 'resume');
    await ads.control?.(handle, 'cancel');
    expect(vendor.received[0]?.headers['login-customer-id']).toBeUndefined();
    expect([0, 1, 2].map(bodyOf)).toEqual([
      operation('PAUSED'),
      operation('ENABLED'),
      operation('PAUSED'),
    ]);
  });

  it("fails a 400 with Google's error and details once, without the tokens", async () => {
    vendor.replies.push(
      jsonReply(400, {
        error: {
          code: 400,
          message: 'Request contains an invalid argument.',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
              errors: [
                {
                  errorCode: { campaignError: 'CANNOT_MODIFY_REMOVED_CAMPAIGN' },
                  message: `Cannot modify a removed campaign (${developerToken}).`,
                },
              ],
            },
          ],
        },
      }),
    );
    const error = await open()
      .prepare(activationMessage())
      .send()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VendorRejectedError);
    const message = (error as Error).message;
    expect(message).toContain(
      'HTTP 400 INVALID_ARGUMENT: Request contains an invalid argument. — Cannot modify a removed campaign',
    );
    expect(message).not.toContain(developerToken);
    expect(message).not.toContain(accessToken);
    expect(vendor.received).toHaveLength(1);
  });

  it('retries 429 (RESOURCE_EXHAUSTED) and 500, and switches once', async () => {
    vendor.replies.push(
      {
        ...jsonReply(429, {
          error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Too many' },
        }),
        headers: { 'retry-after': '0' },
      },
      jsonReply(500, { error: { code: 500, status: 'INTERNAL', message: 'Internal error' } }),
    );
    const answer = await open().prepare(activationMessage()).send();
    expect(answer.handle).toEqual({ vendor: 'google-ads', id: '987' });
    expect(vendor.received).toHaveLength(3);
  });

  it('checks the connection with a googleAds:search of the customer', async () => {
    vendor.replies.push(
      jsonReply(200, {
        results: [
          {
            customer: {
              resourceName: 'customers/1234567890',
              id: '1234567890',
              descriptiveName: 'LaunchCrew',
            },
          },
        ],
      }),
      jsonReply(401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      }),
    );
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'Google Ads account LaunchCrew is reachable',
    });
    expect(vendor.received[0]).toMatchObject({
      method: 'POST',
      path: '/v26/customers/1234567890/googleAds:search',
    });
    expect(bodyOf(0)).toEqual({
      query: 'SELECT customer.id, customer.descriptive_name FROM customer',
    });
    expect(await open().checkConnection()).toEqual({
      ok: false,
      message:
        'google-ads rejected the request: HTTP 401 UNAUTHENTICATED: Request had invalid authentication credentials.',
    });
  });
});
