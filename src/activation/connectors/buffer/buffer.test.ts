import { describe, expect, it } from 'vitest';
import { jsonReply } from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { UserError } from '../../../shared/errors.ts';
import { activationMessage } from '../activation-message-fixture.ts';
import { fakeVendorForSuite, itIsDiscovered } from '../testing/connector-suite.ts';
import { accountQuery, createPostMutation, deletePostMutation } from './buffer-graphql.ts';
import { manifest } from './manifest.ts';

const apiKey = 'buffer-key-SECRET';
const future = new Date('2999-01-01T09:00:00.000Z');
const createdPost = jsonReply(200, {
  data: {
    createPost: {
      __typename: 'PostActionSuccess',
      post: { id: '65f1c0ffee', dueAt: future.toISOString() },
    },
  },
});

describe('Buffer connector (faked at the wire)', () => {
  const vendor = fakeVendorForSuite({ status: 500 });
  const open = () =>
    manifest.open(
      {
        id: 'buffer',
        kind: 'social',
        vendor: 'buffer',
        config: { api_key_env: 'BUFFER_KEY', channel_id: 'chan-1', base_url: `${vendor.url}/` },
      },
      { BUFFER_KEY: apiKey },
    );

  itIsDiscovered('buffer', ['social']);

  it('schedules a future post with createPost customScheduled at sendAt', async () => {
    vendor.replies.push(createdPost);
    const post = open();
    expect(post.canSchedule).toBe(true);
    const prepared = post.prepare(activationMessage({ text: 'Soon!', sendAt: future }));
    expect(await prepared.send()).toEqual({
      http_status: 200,
      due_at: future.toISOString(),
      handle: { vendor: 'buffer', id: '65f1c0ffee' },
    });
    const [request] = vendor.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/');
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers['content-type']).toBe('application/json');
    const input = {
      text: 'Soon!',
      channelId: 'chan-1',
      schedulingType: 'automatic',
      mode: 'customScheduled',
      dueAt: '2999-01-01T09:00:00.000Z',
    };
    expect(JSON.parse(request?.body ?? '')).toEqual({
      query: createPostMutation,
      variables: { input },
    });
    expect(prepared.request).toEqual({ operation: 'createPost', input });
    expect(JSON.stringify(prepared.request)).not.toContain(apiKey);
  });

  it('shares a post that is due now with mode shareNow', async () => {
    vendor.replies.push(createdPost);
    await open()
      .prepare(activationMessage({ sendAt: new Date('2020-01-01T00:00:00Z') }))
      .send();
    const body = JSON.parse(vendor.received[0]?.body ?? '');
    expect(body.variables.input).toEqual({
      text: 'We are live!',
      channelId: 'chan-1',
      schedulingType: 'automatic',
      mode: 'shareNow',
    });
  });

  it("fails on Buffer's typed mutation error and on its errors array, without the key", async () => {
    vendor.replies.push(
      jsonReply(200, {
        data: { createPost: { __typename: 'InvalidInputError', message: 'Text is required' } },
      }),
      jsonReply(200, { errors: [{ message: `Not authorized (${apiKey})` }], data: null }),
    );
    const post = open();
    await expect(post.prepare(activationMessage()).send()).rejects.toThrow(
      'buffer rejected the request: HTTP 200 InvalidInputError: Text is required',
    );
    const error = await post
      .prepare(activationMessage())
      .send()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect((error as Error).message).toContain('Not authorized ([secret])');
    expect(vendor.received).toHaveLength(2);
  });

  it('fails an HTTP 400 once with the message, and retries 429 and 500 to post once', async () => {
    vendor.replies.push(jsonReply(400, { errors: [{ message: 'Syntax Error' }] }));
    await expect(open().prepare(activationMessage()).send()).rejects.toThrow(
      'buffer rejected the request: HTTP 400 Syntax Error',
    );
    expect(vendor.received).toHaveLength(1);
    vendor.replies.push(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 500 },
      createdPost,
    );
    const answer = await open().prepare(activationMessage()).send();
    expect(answer.handle).toEqual({ vendor: 'buffer', id: '65f1c0ffee' });
    expect(vendor.received).toHaveLength(4);
  });

  it('cancels with deletePost; pause is refused', async () => {
    vendor.replies.push(
      jsonReply(200, {
        data: { deletePost: { __typename: 'DeletePostSuccess', id: '65f1c0ffee' } },
      }),
    );
    const post = open();
    expect(await post.control?.({ vendor: 'buffer', id: '65f1c0ffee' }, 'cancel')).toEqual({
      http_status: 200,
      deleted: '65f1c0ffee',
    });
    expect(JSON.parse(vendor.received[0]?.body ?? '')).toEqual({
      query: deletePostMutation,
      variables: { input: { id: '65f1c0ffee' } },
    });
    await expect(post.control?.({ vendor: 'buffer', id: '1' }, 'resume')).rejects.toThrow(
      UserError,
    );
  });

  it('checks the connection by reading the account', async () => {
    vendor.replies.push(
      jsonReply(200, { data: { account: { id: 'acc-9' } } }),
      jsonReply(200, { errors: [{ message: 'Unauthorized' }], data: null }),
    );
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'Buffer API key reaches account acc-9',
    });
    expect(JSON.parse(vendor.received[0]?.body ?? '')).toEqual({ query: accountQuery });
    expect(await open().checkConnection()).toEqual({
      ok: false,
      message: 'buffer rejected the request: HTTP 200 Unauthorized',
    });
  });
});
