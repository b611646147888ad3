import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/audit-log.ts';
import type { LaunchView } from '../launch/launch-view.ts';
import type { Problem } from '../plan/problem.ts';
import type { ErrorBody } from './errors.ts';
import { samplePlanYaml, startTestApi, type TestApi } from './test-harness.ts';

type Created = { launch: LaunchView; warnings: Problem[] };

describe('launch routes', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('creates a launch from raw YAML (lead) and shows it to any role', async () => {
    const created = await api.call<Created>('POST', '/v1/launches?file_name=notes.yaml', {
      as: 'lead',
      body: samplePlanYaml,
      contentType: 'application/yaml',
    });
    expect(created.status).toBe(201);
    const { launch } = created.body;
    expect(launch).toMatchObject({
      ventureId: 'acme-notes',
      ventureName: 'Acme Notes',
      state: 'preparing',
      t0: '2026-02-03T09:00:00.000Z',
      createdBy: 'token:lead-user',
    });
    expect(created.body.warnings).toEqual([]);

    const one = await api.call<{ launch: LaunchView }>('GET', `/v1/launches/${launch.id}`, {
      as: 'support',
    });
    expect(one.status).toBe(200);
    expect(one.body.launch).toEqual(launch);

    const list = await api.call<{ launches: LaunchView[] }>(
      'GET',
      '/v1/launches?ventureId=acme-notes&state=preparing',
      {
        as: 'viewer',
      },
    );
    expect(list.body.launches.map((l) => l.id)).toContain(launch.id);

    const ventures = await api.call('GET', '/v1/ventures', { as: 'marketing' });
    expect(ventures.body).toEqual({
      ventures: [{ id: 'acme-notes', name: 'Acme Notes', launches: expect.any(Number) }],
    });
  });

  it('creates a launch from JSON {plan_yaml, file_name} and returns its warnings', async () => {
    const wednesday = samplePlanYaml.replace('t0: 2026-02-03T10:00', 't0: 2026-02-04T10:00');
    const created = await api.call<Created>('POST', '/v1/launches', {
      as: 'lead',
      json: { plan_yaml: wednesday, file_name: 'wednesday.yaml' },
    });
    expect(created.status).toBe(201);
    expect(created.body.warnings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'weekday_mismatch',
        file: 'wednesday.yaml',
        path: ['t0'],
      }),
    );
  });

  it('answers 422 invalid_plan with every problem, and stores nothing', async () => {
    const before = await api.t.db.selectFrom('launches').select('id').execute();
    const auditBefore = await listAudit(api.t.db);
    const invalid = samplePlanYaml
      .replace('production_url:', 'prodution_url:')
      .replace('roles: [lead]', 'roles: [viewer]');
    const answer = await api.call<ErrorBody>('POST', '/v1/launches', {
      as: 'lead',
      json: { plan_yaml: invalid, file_name: 'bad.yaml' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_plan');
    const problems = answer.body.error.problems ?? [];
    expect(problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['unknown_key', 'missing_role']),
    );
    expect(problems.find((p) => p.code === 'unknown_key')).toMatchObject({
      file: 'bad.yaml',
      line: 5,
      path: ['venture', 'prodution_url'],
      suggestion: 'production_url',
    });
    expect(answer.body.error.path).toEqual(problems.find((p) => p.severity === 'error')?.path);
    expect(await api.t.db.selectFrom('launches').select('id').execute()).toEqual(before);
    expect(await listAudit(api.t.db)).toEqual(auditBefore);
  });

  it('rejects a create without a plan, with another media type, or by a non-lead', async () => {
    const missing = await api.call<ErrorBody>('POST', '/v1/launches', { as: 'lead', json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'invalid_request',
      path: ['body', 'plan_yaml'],
    });

    const empty = await api.call<ErrorBody>('POST', '/v1/launches', {
      as: 'lead',
      body: '  \n',
      contentType: 'text/yaml',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_request');

    const xml = await api.call<ErrorBody>('POST', '/v1/launches', {
      as: 'lead',
      body: '<plan/>',
      contentType: 'application/xml',
    });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported_media_type');

    const marketing = await api.call<ErrorBody>('POST', '/v1/launches', {
      as: 'marketing',
      body: samplePlanYaml,
      contentType: 'application/yaml',
    });
    expect(marketing.status).toBe(403);
    expect(marketing.body.error.message).toContain('lead');
  });

  it('answers 404 not_found for an unknown launch id, uuid or not', async () => {
    for (const id of ['7f1c2a8e-5b7d-4c1e-9a3f-0d2b6e8c4a11', 'not-a-uuid', '42']) {
      const answer = await api.call<ErrorBody>('GET', `/v1/launches/${id}`, { as: 'viewer' });
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: 'not_found', path: ['id'] });
    }
    const cancel = await api.call<ErrorBody>('POST', '/v1/launches/not-a-uuid/cancel', {
      as: 'lead',
      json: { reason: 'typo' },
    });
    expect(cancel.status).toBe(404);
  });

  it('validates list filters, naming the first bad field', async () => {
    const answer = await api.call<ErrorBody>('GET', '/v1/launches?state=flying&limit=0', {
      as: 'viewer',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(answer.body.error.path).toEqual(['query', 'state']);
    expect(answer.body.error.issues?.map((i) => i.path)).toEqual([
      ['query', 'state'],
      ['query', 'limit'],
    ]);
  });

  it('cancels a launch (lead, with a reason, audited); a second cancel is 409 and changes nothing', async () => {
    const id = await api.createLaunch();
    const noReason = await api.call<ErrorBody>('POST', `/v1/launches/${id}/cancel`, {
      as: 'lead',
      json: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.path).toEqual(['body', 'reason']);

    const viewer = await api.call<ErrorBody>('POST', `/v1/launches/${id}/cancel`, {
      as: 'viewer',
      json: { reason: 'not mine to cancel' },
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error).toMatchObject({ code: 'forbidden' });
    expect(viewer.body.error.message).toContain('requires the role lead');

    const cancelled = await api.call<{ launch: LaunchView }>('POST', `/v1/launches/${id}/cancel`, {
      as: 'lead',
      json: { reason: 'market moved' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.launch).toMatchObject({ state: 'aborted', endReason: 'market moved' });

    const auditAfterCancel = await listAudit(api.t.db, { launchId: id });
    const again = await api.call<ErrorBody>('POST', `/v1/launches/${id}/cancel`, {
      as: 'lead',
      json: { reason: 'twice' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(await listAudit(api.t.db, { launchId: id })).toEqual(auditAfterCancel);
    const unchanged = await api.call<{ launch: LaunchView }>('GET', `/v1/launches/${id}`, {
      as: 'viewer',
    });
    expect(unchanged.body.launch).toEqual(cancelled.body.launch);

    const audit = await api.call<{ entries: { action: string; actor: string }[] }>(
      'GET',
      `/v1/audit?launchId=${id}&action=launch.cancel`,
      { as: 'support' },
    );
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ action: 'launch.cancel', actor: 'token:lead-user' }),
    ]);
  });
});
