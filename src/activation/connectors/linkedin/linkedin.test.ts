import { describe, expect, it } from 'vitest';
import { jsonReply } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { UserError } from '../../../shared/errors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { fakeVendorForSuite, itIsDiscovered } from '../testing/connector-suite.ts';
import { littleText } from './linkedin-post.ts';
import { manifest } from './manifest.ts';

const token = 'li-token-SECRET';
const created = { status: 201, headers: { 'x-restli-id': 'urn:li:share:6844785523593134080' } };

describe('LinkedIn connector (faked at the wire)', () => {
  const vendor = fakeVendorForSuite({ status: 500 });
  const open = () =>
    manifest.open(
      {
        id: 'li',
        kind: 'social',
        vendor: 'linkedin',
        config: {
          access_token_env: 'LI_TOKEN',
          organization_urn: 'urn:li:organization:5515715',
          base_url: vendor.url,
        },
      },
      { LI_TOKEN: token },
    );

  itIsDiscovered('linkedin', ['social']);

  it('creates the documented post and takes the URN from x-restli-id', async () => {
    vendor.replies.push(created);
    const prepared = open().prepare(
      activationMessage({ text: 'We are live (at last) #launch https://ex.io/?utm_source=li' }),
    );
    expect(await prepared.send()).toEqual({
      http_status: 201,
      handle: { vendor: 'linkedin', id: 'urn:li:share:6844785523593134080' },
    });
    const [request] = vendor.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/rest/posts');
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers['linkedin-version']).toBe('202606');
    expect(request?.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      author: 'urn:li:organization:5515715',
      commentary: 'We are live \\(at last\\) #launch https://ex.io/?utm_source=li',
      visibility: 'PUBLIC',
      distribution: {
        feedDistribution: 'MAIN_FEED',
        targetEntities: [],
        thirdPartyDistributionChannels: [],
      },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    expect(prepared.request).toMatchObject({ method: 'POST', path: '/rest/posts' });
    expect(JSON.stringify(prepared.request)).not.toContain(token);
  });

  it('escapes every reserved little-text character outside URLs and hashtags', () => {
    expect(littleText('a\\b|c{d}e@f[g]h(i)j<k>l*m_n~o # p')).toBe(
      'a\\\\b\\|c\\{d\\}e\\@f\\[g\\]h\\(i\\)j\\<k\\>l\\*m\\_n\\~o \\# p',
    );
  });

  it("fails a 422 with LinkedIn's message, once, without the token", async () => {
    vendor.replies.push(
      jsonReply(422, {
        status: 422,
        serviceErrorCode: 100,
        message: `Organization permissions must be used when using organization as author (${token})`,
      }),
    );
    const error = await open()
      .prepare(activationMessage())
      .send()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect((error as Error).message).toContain('HTTP 422 Organization permissions must be used');
    expect((error as Error).message).not.toContain(token);
    expect(vendor.received).toHaveLength(1);
  });

  it('retries 429 and 500, and posts once', async () => {
    vendor.replies.push({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, created);
    const answer = await open().prepare(activationMessage()).send();
    expect(answer.handle).toEqual({ vendor: 'linkedin', id: 'urn:li:share:6844785523593134080' });
    expect(vendor.received).toHaveLength(3);
  });

  it('cancels by deleting the post URN; pause is refused', async () => {
    vendor.replies.push({ status: 204 });
    const post = open();
    await post.control?.({ vendor: 'linkedin', id: 'urn:li:share:68' }, 'cancel');
    expect(vendor.received[0]).toMatchObject({
      method: 'DELETE',
      path: '/rest/posts/urn%3Ali%3Ashare%3A68',
    });
    expect(vendor.received[0]?.headers['x-restli-method']).toBe('DELETE');
    await expect(post.control?.({ vendor: 'linkedin', id: 'x' }, 'pause')).rejects.toThrow(
      UserError,
    );
  });

  it('checks the connection by reading the organization', async () => {
    vendor.replies.push(
      jsonReply(200, { id: 5515715, localizedName: 'LaunchCrew' }),
      jsonReply(401, { status: 401, serviceErrorCode: 65600, message: 'Invalid access token' }),
    );
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'LinkedIn token reaches the page LaunchCrew',
    });
    expect(vendor.received[0]).toMatchObject({
      method: 'GET',
      path: '/rest/organizations/5515715',
    });
    expect(await open().checkConnection()).toEqual({
      ok: false,
      message: 'linkedin rejected the request: HTTP 401 Invalid access token',
    });
  });
});
