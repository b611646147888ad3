import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/audit-log.ts';
import type { ResolvedParameter } from '../launch/parameter-overrides.ts';
import type { ErrorBody } from './errors.ts';
import { startTestApi, type TestApi } from './test-harness.ts';

type Parameters = { parameters: ResolvedParameter[] };

describe('parameter routes', () => {
  let api: TestApi;
  let id: string;

  beforeAll(async () => {
    api = await startTestApi();
    id = await api.createLaunch();
  });
  afterAll(() => api.close());

  const parameter = async (name: string) => {
    const answer = await api.call<Parameters>('GET', `/v1/launches/${id}/parameters`, {
      as: 'viewer',
    });
    return answer.body.parameters.find((p) => p.name === name);
  };
  const overrideRows = () => api.t.db.selectFrom('parameter_overrides').selectAll().execute();

  it('lists resolved parameters with their source and range', async () => {
    expect(await parameter('paid_ads_enabled')).toMatchObject({ value: false, source: 'plan' });
    expect(await parameter('target_users_day1')).toMatchObject({ value: 100, source: 'default' });
    const unknown = await api.call<ErrorBody>('GET', '/v1/launches/nope/parameters', {
      as: 'viewer',
    });
    expect(unknown.status).toBe(404);
  });

  it('lets the lead override a parameter, audited with old, new and reason', async () => {
    const answer = await api.call('PUT', `/v1/launches/${id}/parameters/target_users_day1`, {
      as: 'lead',
      json: { value: 60, reason: 'LAUNCH-002 fired; adjust the day-1 target' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ name: 'target_users_day1', old: 100, new: 60 });
    expect(await parameter('target_users_day1')).toMatchObject({ value: 60, source: 'override' });
    const [entry] = await listAudit(api.t.db, { launchId: id, action: 'parameter.override' });
    expect(entry).toMatchObject({ actor: 'token:lead-user', subject_id: 'target_users_day1' });
    expect(entry?.detail).toMatchObject({
      old: 100,
      new: 60,
      reason: 'LAUNCH-002 fired; adjust the day-1 target',
    });
  });

  it('rejects an out-of-range value naming the parameter, and writes nothing', async () => {
    const rows = await overrideRows();
    const audit = await listAudit(api.t.db, { launchId: id });
    const answer = await api.call<ErrorBody>(
      'PUT',
      `/v1/launches/${id}/parameters/max_error_rate`,
      {
        as: 'lead',
        json: { value: 80, reason: 'too strict' },
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_parameter');
    expect(answer.body.error.message).toContain('max_error_rate');
    expect(answer.body.error.path).toContain('max_error_rate');
    expect(await overrideRows()).toEqual(rows);
    expect(await listAudit(api.t.db, { launchId: id })).toEqual(audit);
  });

  it('requires a reason and a JSON value of a parameter type', async () => {
    const noReason = await api.call<ErrorBody>(
      'PUT',
      `/v1/launches/${id}/parameters/target_users_day1`,
      {
        as: 'lead',
        json: { value: 70, reason: '   ' },
      },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.path).toEqual(['body', 'reason']);
    const objectValue = await api.call<ErrorBody>(
      'PUT',
      `/v1/launches/${id}/parameters/target_users_day1`,
      {
        as: 'lead',
        json: { value: { n: 1 }, reason: 'why not' },
      },
    );
    expect(objectValue.status).toBe(400);
    expect(objectValue.body.error.path).toEqual(['body', 'value']);
  });

  it('forbids overrides by any role but lead, and writes nothing', async () => {
    const rows = await overrideRows();
    for (const role of ['devops_oncall', 'marketing', 'support', 'viewer'] as const) {
      const answer = await api.call<ErrorBody>(
        'PUT',
        `/v1/launches/${id}/parameters/target_users_day1`,
        {
          as: role,
          json: { value: 20, reason: 'I think so' },
        },
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
      expect(answer.body.error.message).toContain('lead');
    }
    const clear = await api.call<ErrorBody>(
      'DELETE',
      `/v1/launches/${id}/parameters/target_users_day1?reason=x`,
      {
        as: 'viewer',
      },
    );
    expect(clear.status).toBe(403);
    expect(await overrideRows()).toEqual(rows);
  });

  it('clears an override with a reason from the query or the body', async () => {
    const noReason = await api.call<ErrorBody>(
      'DELETE',
      `/v1/launches/${id}/parameters/target_users_day1`,
      {
        as: 'lead',
      },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({
      code: 'invalid_request',
      path: ['query', 'reason'],
    });

    const cleared = await api.call(
      'DELETE',
      `/v1/launches/${id}/parameters/target_users_day1?reason=back%20to%20plan`,
      {
        as: 'lead',
      },
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ name: 'target_users_day1', old: 60, new: 100 });
    expect(await parameter('target_users_day1')).toMatchObject({ value: 100, source: 'default' });

    const nothingToClear = await api.call<ErrorBody>(
      'DELETE',
      `/v1/launches/${id}/parameters/target_users_day1`,
      {
        as: 'lead',
        json: { reason: 'again' },
      },
    );
    expect(nothingToClear.status).toBe(404);
  });
});
