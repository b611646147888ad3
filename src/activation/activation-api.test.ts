import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../api/test-harness.ts';
import { wiredIncidentDependencies } from '../incidents/wired-dependencies.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { scheduleActivations } from './activation-schedule.ts';
import { activationsDb } from './activation-store.ts';
import { activationPlanYaml } from './testing/activation-fixtures.ts';

describe('activations API: list for every role, pause/resume/cancel for lead and marketing', () => {
  let api: TestApi;
  let launchId: string;
  const base = () => `/v1/launches/${launchId}/activations`;

  beforeAll(async () => {
    api = await startTestApi();
    launchId = await api.createLaunch(
      activationPlanYaml({ sendgridUrl: 'http://127.0.0.1:9', metaUrl: 'http://127.0.0.1:9' }),
    );
    await api.t.db.transaction().execute((trx) => scheduleActivations(trx, api.clock, launchId));
  });
  afterAll(() => api.close());

  it('lists the activations in due order to any role', async () => {
    const answer = await api.call<{
      activations: Array<{ id: string; state: string; manual: boolean }>;
    }>('GET', base(), { as: 'viewer' });
    expect(answer.status).toBe(200);
    expect(answer.body.activations.map((a) => [a.id, a.state, a.manual])).toEqual([
      ['ads_t0', 'scheduled', false],
      ['banner_t0', 'scheduled', false],
      ['email_t0', 'scheduled', false],
      ['email_t30', 'scheduled', false],
      ['press_t1h', 'scheduled', true],
    ]);
    const missing = await api.call('GET', '/v1/launches/not-a-launch/activations', {
      as: 'viewer',
    });
    expect(missing.status).toBe(404);
  });

  it('refuses a pause to viewer and support, and a pause without a reason', async () => {
    for (const role of ['viewer', 'support'] as const) {
      const answer = await api.call<{ error: { code: string } }>('POST', `${base()}/pause`, {
        as: role,
        json: { reason: 'no' },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    const noReason = await api.call('POST', `${base()}/pause`, { as: 'marketing', json: {} });
    expect(noReason.status).toBe(400);
  });

  it('pauses and resumes as marketing, audited with the caller', async () => {
    const paused = await api.call('POST', `${base()}/pause`, {
      as: 'marketing',
      json: { reason: 'press embargo moved' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({
      activations: ['ads_t0', 'banner_t0', 'email_t0', 'email_t30'],
      vendorCalls: 0,
    });
    const resumed = await api.call('POST', `${base()}/resume`, {
      as: 'lead',
      json: { reason: 'embargo lifted' },
    });
    expect(resumed.body).toMatchObject({ activations: paused.body.activations });
    const audit = await api.call<{ entries: Array<{ action: string; actor: string }> }>(
      'GET',
      `/v1/audit?launchId=${launchId}`,
      { as: 'viewer' },
    );
    expect(JSON.stringify(audit.body)).toContain('activations.pause');
    expect(JSON.stringify(audit.body)).toContain('token:marketing-user');
  });

  it('cancels before the send and answers 409 naming an activation already sent', async () => {
    const cancelled = await api.call('POST', `${base()}/email_t0/cancel`, {
      as: 'marketing',
      json: { reason: 'wrong audience' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ activations: ['email_t0'], vendorCalls: 0 });

    await activationsDb(api.t.db)
      .updateTable('activations')
      .set({ state: 'sent', sent_at: new Date('2026-02-03T09:00:00Z') })
      .where('launch_id', '=', launchId)
      .where('activation_id', '=', 'ads_t0')
      .execute();
    const late = await api.call<{ error: { code: string; message: string } }>(
      'POST',
      `${base()}/ads_t0/cancel`,
      { as: 'lead', json: { reason: 'too late' } },
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(
      "activation 'ads_t0' was already sent at 2026-02-03T09:00:00.000Z; it cannot be cancelled",
    );
    const unknown = await api.call('POST', `${base()}/nope/cancel`, {
      as: 'lead',
      json: { reason: 'x' },
    });
    expect(unknown.status).toBe(404);
  });

  it('wires the incidents’ marketing pause to the activations', async () => {
    const { pauseMarketing } = wiredIncidentDependencies({
      clock: api.clock,
      queue: {} as JobQueue,
      env: {},
    });
    const outcome = await api.t.db.transaction().execute((trx) =>
      pauseMarketing
        ? pauseMarketing(trx, {
            launchId,
            incidentId: 'inc-1',
            approvalId: 'appr-1',
            actor: 'token:ana',
            reason: 'P0 outage',
          })
        : Promise.reject(new Error('pauseMarketing is not wired')),
    );
    expect(outcome).toEqual({
      paused: true,
      activations: ['banner_t0', 'email_t30'],
      vendorCalls: 0,
    });
  });
});
