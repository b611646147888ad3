import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test-harness.ts';

let api: TestApi;
let launchId: string;
let basic: string;

type Answer = {
  success?: boolean;
  error?: { code: string; items?: { index: number; path: unknown[]; message: string }[] };
};

beforeAll(async () => {
  api = await startTestApi();
  launchId = await api.createLaunch();
  const created = await api.call<{ secret: string }>(
    'POST',
    '/v1/ventures/acme-notes/ingest-keys',
    {
      as: 'lead',
      json: { name: 'segment' },
    },
  );
  basic = `Basic ${Buffer.from(`${created.body.secret}:`).toString('base64')}`;
});
afterAll(() => api.close());

const send = (path: string, json: unknown) =>
  api.call<Answer>('POST', path, { json, headers: { authorization: basic } });

async function events(messageIdPrefix: string) {
  const { rows } = await sql<{
    type: string;
    user_id: string | null;
    event: string | null;
    message_id: string;
    properties: object;
    context: object;
  }>`
    SELECT type, user_id, event, message_id, properties, context FROM tracked_events
    WHERE message_id LIKE ${`${messageIdPrefix}%`} ORDER BY message_id`.execute(api.t.db);
  return rows;
}

describe('Segment-compatible tracking API', () => {
  it('stores track, identify and page calls and answers {"success":true}', async () => {
    const track = await send('/v1/track', {
      userId: 'u1',
      event: 'Signed Up',
      properties: { plan: 'pro' },
      context: { campaign: { source: 'google', medium: 'cpc' } },
      messageId: 'single-1',
    });
    expect(track.status).toBe(200);
    expect(track.body).toEqual({ success: true });
    expect(
      (
        await send('/v1/identify', {
          userId: 'u1',
          traits: { email: 'a@b.c' },
          messageId: 'single-2',
        })
      ).status,
    ).toBe(200);
    expect(
      (await send('/v1/page', { anonymousId: 'anon-1', name: 'Pricing', messageId: 'single-3' }))
        .status,
    ).toBe(200);
    expect(await events('single-')).toEqual([
      {
        type: 'track',
        user_id: 'u1',
        event: 'Signed Up',
        message_id: 'single-1',
        properties: { plan: 'pro' },
        context: { campaign: { source: 'google', medium: 'cpc' } },
      },
      {
        type: 'identify',
        user_id: 'u1',
        event: null,
        message_id: 'single-2',
        properties: { email: 'a@b.c' },
        context: {},
      },
      {
        type: 'page',
        user_id: null,
        event: 'Pricing',
        message_id: 'single-3',
        properties: {},
        context: {},
      },
    ]);
  });

  it('stores a batch, merging the batch context under each call’s', async () => {
    const answer = await send('/v1/batch', {
      context: { campaign: { source: 'newsletter' } },
      batch: [
        { type: 'track', userId: 'u2', event: 'Signed Up', messageId: 'batch-1' },
        {
          type: 'identify',
          userId: 'u2',
          traits: {},
          messageId: 'batch-2',
          context: { locale: 'de' },
        },
      ],
    });
    expect(answer.status).toBe(200);
    const stored = await events('batch-');
    expect(stored.map((e) => e.context)).toEqual([
      { campaign: { source: 'newsletter' } },
      { campaign: { source: 'newsletter' }, locale: 'de' },
    ]);
  });

  it('accepts an NDJSON batch', async () => {
    const answer = await api.call<Answer>('POST', '/v1/batch', {
      body: '{"type":"track","userId":"u3","event":"Clicked","messageId":"nd-1"}\n{"type":"page","userId":"u3","messageId":"nd-2"}\n',
      contentType: 'application/x-ndjson',
      headers: { authorization: basic },
    });
    expect(answer.status).toBe(200);
    expect((await events('nd-')).length).toBe(2);
  });

  it('stores nothing new for a repeated messageId', async () => {
    const call = { type: 'track', userId: 'u4', event: 'Signed Up', messageId: 'dup-1' };
    expect((await send('/v1/batch', { batch: [call, call] })).status).toBe(200);
    const again = await send('/v1/track', { ...call, event: 'Changed' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ success: true });
    expect((await events('dup-')).map((e) => e.event)).toEqual(['Signed Up']);
  });

  it('rejects a batch with one bad call as a whole, naming each bad call', async () => {
    const answer = await send('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u5', event: 'Signed Up', messageId: 'bad-1' },
        { type: 'track', event: 'No user', messageId: 'bad-2' },
        { type: 'alias', userId: 'u5', messageId: 'bad-3' },
        { type: 'track', userId: 'u5', messageId: 'bad-4' },
        {
          type: 'track',
          userId: 'u5',
          event: 'Later',
          timestamp: '2099-01-01T00:00:00Z',
          messageId: 'bad-5',
        },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_batch');
    expect(answer.body.error?.items?.map((i) => [i.index, i.path.at(-1)])).toEqual([
      [1, 'userId'],
      [2, 'type'],
      [3, 'event'],
      [4, 'timestamp'],
    ]);
    expect(await events('bad-')).toEqual([]);
  });

  it('reports a malformed NDJSON line of a batch', async () => {
    const answer = await api.call<Answer>('POST', '/v1/batch', {
      body: '{"type":"track","userId":"u6","event":"A","messageId":"ndbad-1"}\nnot json\n',
      contentType: 'application/x-ndjson',
      headers: { authorization: basic },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.items?.[0]?.index).toBe(1);
    expect(await events('ndbad-')).toEqual([]);
  });

  it('answers 401 without a valid write key', async () => {
    const call = { userId: 'u7', event: 'Signed Up' };
    expect((await api.call('POST', '/v1/track', { json: call })).status).toBe(401);
    const wrong = `Basic ${Buffer.from('lck_wrong:').toString('base64')}`;
    expect(
      (await api.call('POST', '/v1/track', { json: call, headers: { authorization: wrong } }))
        .status,
    ).toBe(401);
  });

  it('routes calls with context.launch_id to that launch, and refuses other ventures’ launches', async () => {
    const ok = await send('/v1/track', {
      userId: 'u8',
      event: 'X',
      context: { launch_id: launchId },
      messageId: 'ctx-1',
    });
    expect(ok.status).toBe(200);
    const foreign = await send('/v1/track', {
      userId: 'u8',
      event: 'X',
      context: { launch_id: '00000000-0000-4000-8000-000000000000' },
      messageId: 'ctx-2',
    });
    expect(foreign.status).toBe(404);
    expect((await events('ctx-')).length).toBe(1);
  });
});
