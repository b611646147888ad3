import { describe, expect, it } from 'vitest';
import { jsonReply } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { UserError } from '../../../shared/errors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { fakeVendorForSuite, itIsDiscovered } from '../testing/connector-suite.ts';
import { manifest } from './manifest.ts';
import { xPostLength } from './x-post-length.ts';

const token = 'x-user-token-SECRET';

describe('X connector (faked at the wire)', () => {
  const vendor = fakeVendorForSuite({ status: 500 });
  const open = () =>
    manifest.open(
      {
        id: 'x',
        kind: 'social',
        vendor: 'x',
        config: { access_token_env: 'X_TOKEN', base_url: vendor.url },
      },
      { X_TOKEN: token },
    );

  itIsDiscovered('x', ['social']);

  it('posts {text} to /2/tweets with the bearer token and returns the post as handle', async () => {
    vendor.replies.push(jsonReply(201, { data: { id: '1445880548472328192', text: 'Live' } }));
    const prepared = open().prepare(activationMessage({ text: 'Live' }));
    expect(await prepared.send()).toEqual({
      http_status: 201,
      handle: { vendor: 'x', id: '1445880548472328192' },
    });
    expect(vendor.received).toHaveLength(1);
    const [request] = vendor.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/2/tweets');
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ text: 'Live' });
    expect(prepared.request).toEqual({ method: 'POST', path: '/2/tweets', body: { text: 'Live' } });
    expect(JSON.stringify(prepared.request)).not.toContain(token);
  });

  it('counts as X does: URLs weigh 23, wide characters and emoji 2', () => {
    const url = `https://example.com/${'a'.repeat(200)}?utm_source=x`;
    expect(xPostLength(`Live: ${url}.`)).toBe(6 + 23 + 1);
    expect(xPostLength('日本')).toBe(4);
    expect(xPostLength('👩‍👩‍👧 ok')).toBe(5);
    expect(xPostLength('é')).toBe(1);
  });

  it('refuses a post over 280 characters, naming the activation, without calling X', () => {
    const post = open();
    expect(() =>
      post.prepare(
        activationMessage({ text: `${'a'.repeat(256)} https://example.com/${'b'.repeat(300)}` }),
      ),
    ).not.toThrow();
    expect(() => post.prepare(activationMessage({ text: 'a'.repeat(281) }))).toThrow(
      /activation 'social_t0': the X post is 281 characters.*limit is 280/,
    );
    expect(() => post.prepare(activationMessage({ text: '日'.repeat(141) }))).toThrow(UserError);
    expect(vendor.received).toHaveLength(0);
  });

  it("fails a 400 with X's message, without retrying and without the token", async () => {
    vendor.replies.push(
      jsonReply(400, {
        title: 'Invalid Request',
        detail: `One or more parameters to your request was invalid (token ${token}).`,
        type: 'https://api.twitter.com/2/problems/invalid-request',
      }),
    );
    const error = await open()
      .prepare(activationMessage())
      .send()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect((error as Error).message).toContain('HTTP 400 One or more parameters');
    expect((error as Error).message).not.toContain(token);
    expect(vendor.received).toHaveLength(1);
  });

  it('retries 429 and 500, and posts exactly once', async () => {
    vendor.replies.push(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 500 },
      jsonReply(201, { data: { id: '7', text: 'We are live!' } }),
    );
    const answer = await open().prepare(activationMessage()).send();
    expect(answer.handle).toEqual({ vendor: 'x', id: '7' });
    expect(vendor.received.map((request) => request.path)).toEqual([
      '/2/tweets',
      '/2/tweets',
      '/2/tweets',
    ]);
  });

  it('cancels by deleting the post; pause and resume are refused', async () => {
    vendor.replies.push(jsonReply(200, { data: { deleted: true } }));
    const post = open();
    expect(await post.control?.({ vendor: 'x', id: '7' }, 'cancel')).toEqual({
      http_status: 200,
      deleted: true,
    });
    expect(vendor.received[0]).toMatchObject({ method: 'DELETE', path: '/2/tweets/7' });
    expect(vendor.received[0]?.headers.authorization).toBe(`Bearer ${token}`);
    await expect(post.control?.({ vendor: 'x', id: '7' }, 'pause')).rejects.toThrow(UserError);
    expect(vendor.received).toHaveLength(1);
  });

  it('checks the connection with GET /2/users/me', async () => {
    vendor.replies.push(
      jsonReply(200, { data: { id: '2244994945', name: 'Crew', username: 'launchcrew' } }),
      jsonReply(401, {
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      }),
    );
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'X token posts as @launchcrew',
    });
    expect(vendor.received[0]).toMatchObject({ method: 'GET', path: '/2/users/me' });
    const failed = await open().checkConnection();
    expect(failed).toEqual({ ok: false, message: 'x rejected the request: HTTP 401 Unauthorized' });
  });
});
