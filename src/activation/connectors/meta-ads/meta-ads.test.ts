import { describe, expect, it } from 'vitest';
import { jsonReply } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError, UserError } from '../../../shared/errors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { fakeVendorForSuite, itIsDiscovered } from '../testing/connector-suite.ts';
import { manifest } from './manifest.ts';

const token = 'EAAGmeta-token-SECRET';

describe('Meta Ads connector (faked at the wire)', () => {
  const vendor = fakeVendorForSuite(jsonReply(200, { success: true }));
  const open = (campaigns: Record<string, unknown> = { campaign_id: '120330000012723217' }) =>
    manifest.open(
      {
        id: 'meta',
        kind: 'ads',
        vendor: 'meta-ads',
        config: { access_token_env: 'META_TOKEN', base_url: vendor.url, ...campaigns },
      },
      { META_TOKEN: token },
    );
  const form = (index: number) =>
    Object.fromEntries(new URLSearchParams(vendor.received[index]?.body));

  itIsDiscovered('meta-ads', ['ads']);

  it('switches the campaign ACTIVE with the documented form post', async () => {
    const ads = open();
    expect(ads.vendorIdempotent).toBe(true);
    expect(ads.canSchedule).toBe(false);
    const prepared = ads.prepare(activationMessage({ activationId: 'ads_t0' }));
    expect(await prepared.send()).toEqual({
      http_status: 200,
      campaign_id: '120330000012723217',
      status: 'ACTIVE',
      handle: { vendor: 'meta-ads', id: '120330000012723217' },
    });
    const [request] = vendor.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v25.0/120330000012723217');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(0)).toEqual({ status: 'ACTIVE', access_token: token });
    expect(prepared.request).toEqual({
      method: 'POST',
      path: '/v25.0/120330000012723217',
      form: { status: 'ACTIVE' },
    });
    expect(JSON.stringify(prepared.request)).not.toContain(token);
  });

  it('takes a per-activation campaign from campaign_ids, and names an unmapped activation', async () => {
    const ads = open({ campaign_ids: ['ads_t0=111', 'ads_retarget=222'] });
    await ads.prepare(activationMessage({ activationId: 'ads_retarget' })).send();
    expect(vendor.received[0]?.path).toBe('/v25.0/222');
    expect(() => ads.prepare(activationMessage({ activationId: 'ads_other' }))).toThrow(UserError);
    expect(() => ads.prepare(activationMessage({ activationId: 'ads_other' }))).toThrow(
      /activation 'ads_other'/,
    );
  });

  it('pauses on pause and cancel, and reactivates on resume', async () => {
    const ads = open();
    const handle = { vendor: 'meta-ads', id: '120330000012723217' };
    await ads.control?.(handle, 'pause');
    await ads.control?.(handle, 'resume');
    await ads.control?.(handle, 'cancel');
    expect([0, 1, 2].map((index) => form(index).status)).toEqual(['PAUSED', 'ACTIVE', 'PAUSED']);
  });

  it("fails a 400 with Meta's message once, and without the token", async () => {
    vendor.replies.push(
      jsonReply(400, {
        error: {
          message: `Invalid parameter (access_token=${token})`,
          type: 'OAuthException',
          code: 100,
          error_subcode: 1487390,
          error_user_msg: 'The campaign has no ad sets.',
          fbtrace_id: 'EJplcsCHuLu',
        },
      }),
    );
    const error = await open()
      .prepare(activationMessage())
      .send()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect((error as Error).message).toContain('HTTP 400 Invalid parameter');
    expect((error as Error).message).toContain('The campaign has no ad sets.');
    expect((error as Error).message).not.toContain(token);
    expect(vendor.received).toHaveLength(1);
  });

  it('retries 429 and 500; a throttling 400 (code 17) is an operational, retryable fault', async () => {
    vendor.replies.push({ status: 429, headers: { 'retry-after': '0' } }, { status: 500 });
    expect((await open().prepare(activationMessage()).send()).handle).toEqual({
      vendor: 'meta-ads',
      id: '120330000012723217',
    });
    expect(vendor.received).toHaveLength(3);
    vendor.replies.push(
      jsonReply(400, { error: { message: 'User request limit reached', code: 17 } }),
    );
    await expect(open().prepare(activationMessage()).send()).rejects.toThrow(OperationalError);
  });

  it('checks the connection with GET /me', async () => {
    vendor.replies.push(
      jsonReply(200, { id: '10', name: 'LaunchCrew System User' }),
      jsonReply(401, { error: { message: 'Error validating access token', code: 190 } }),
    );
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'Meta token belongs to LaunchCrew System User',
    });
    expect(vendor.received[0]).toMatchObject({ method: 'GET', path: '/v25.0/me' });
    expect(vendor.received[0]?.query.get('access_token')).toBe(token);
    expect(await open().checkConnection()).toEqual({
      ok: false,
      message: 'meta-ads rejected the request: HTTP 401 Error validating access token',
    });
  });
});
