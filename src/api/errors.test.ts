import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../auth/tokens.ts';
import { openDatabase } from '../store/database.ts';
import { maxBodyBytes } from './body.ts';
import type { ErrorBody } from './errors.ts';
import { startTestApi, type TestApi } from './test-harness.ts';

describe('API errors and authentication', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers malformed JSON with 400 invalid_json', async () => {
    const id = await api.createLaunch();
    const answer = await api.call<ErrorBody>('POST', `/v1/launches/${id}/cancel`, {
      as: 'lead',
      body: '{"reason": "oops",',
      contentType: 'application/json',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_json', path: ['body'] });
    const launch = await api.call<{ launch: { state: string } }>('GET', `/v1/launches/${id}`, {
      as: 'viewer',
    });
    expect(launch.body.launch.state).toBe('preparing');
  });

  it('answers a missing, malformed, unknown or revoked token with 401 and WWW-Authenticate', async () => {
    const missing = await api.call<ErrorBody>('GET', '/v1/launches');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body.error).toMatchObject({
      code: 'unauthorized',
      path: ['headers', 'authorization'],
    });

    const basic = await api.call<ErrorBody>('GET', '/v1/launches', {
      headers: { authorization: 'Basic YTpi' },
    });
    expect(basic.status).toBe(401);
    const unknown = await api.call<ErrorBody>('GET', '/v1/audit', {
      headers: { authorization: 'Bearer lct_nope' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toContain('not valid');

    const [token] = await api.t.db
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', 'support-user')
      .execute();
    await revokeToken(api.t.db, api.clock, token?.id ?? '', 'test');
    const revoked = await api.call<ErrorBody>('GET', '/v1/ventures', { as: 'support' });
    expect(revoked.status).toBe(401);
  });

  it('answers an unknown route with 404 not_found', async () => {
    const answer = await api.call<ErrorBody>('GET', '/v1/rockets', { as: 'viewer' });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toEqual({
      code: 'not_found',
      message: 'no route GET /v1/rockets',
      path: [],
    });
    expect((await api.call('DELETE', '/v1/launches')).status).toBe(404);
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const answer = await api.call<ErrorBody>('POST', '/v1/launches', {
      as: 'lead',
      body: 'x'.repeat(maxBodyBytes + 1),
      contentType: 'text/yaml',
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it('answers a JSON route sent another media type with 415', async () => {
    const answer = await api.call<ErrorBody>('POST', '/v1/launches/x/cancel', {
      as: 'lead',
      body: 'reason=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('unsupported_media_type');
  });
});

describe('API unexpected errors', () => {
  let api: TestApi;
  const secret = 's3cret-password';
  const unreachable = openDatabase(`postgres://launchcrew:${secret}@127.0.0.1:1/launchcrew`, {
    max: 1,
  });

  beforeAll(async () => {
    api = await startTestApi({ db: unreachable });
  });
  afterAll(async () => {
    await unreachable.destroy();
    await api.close();
  });

  it('answers 500 internal with a generic message and logs the error', async () => {
    const answer = await api.call<ErrorBody>('GET', '/v1/launches', { as: 'viewer' });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      error: {
        code: 'internal',
        message: 'internal server error; the details are in the server log',
        path: [],
      },
    });
    for (const leak of [secret, 'ECONNREFUSED', '127.0.0.1', 'at ', 'lct_'])
      expect(answer.text).not.toContain(leak);
    expect(api.logged).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v1/launches', err: expect.any(Error) }),
    ]);
  });

  it('keeps the probes and metrics answering without a database', async () => {
    expect((await api.call('GET', '/healthz')).status).toBe(200);
    const metrics = await api.call<string>('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('launchcrew_database_up 0');
  });
});
