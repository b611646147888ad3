import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../test-harness.ts';

describe('GET /v1/me', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers the name and role of the token, and 401 without one', async () => {
    expect(await api.call('GET', '/v1/me', { as: 'viewer' })).toMatchObject({
      status: 200,
      body: { name: 'viewer-user', role: 'viewer' },
    });
    expect(await api.call('GET', '/v1/me', { as: 'devops_oncall' })).toMatchObject({
      body: { name: 'devops_oncall-user', role: 'devops_oncall' },
    });
    expect(await api.call('GET', '/v1/me')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
  });
});
