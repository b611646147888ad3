/**
 * End to end on the example venture (SPEC §3, SD-LAUNCH-ROLLBACK-001): errors injected into v2 →
 * LAUNCH-001 fires → incident paged to PagerDuty and Slack → rollback approved through the API →
 * the venture is back on v1, migrated down and purged, verify passes → status page and banner →
 * incident resolved → post-mortem draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleVenture, startExampleVenture } from '../examples/venture/start.ts';
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../src/alerts/testing/smtp-test-server.ts';
import { startTestApi, type TestApi } from '../src/api/test-harness.ts';
import { jobKinds, runbookFinishedJob, triggerEventJob } from '../src/app/job-kinds.ts';
import { listApprovals } from '../src/approvals/approval-service.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../src/connectors/testing/fake-vendor.ts';
import { ventureDrillPlanYaml } from '../src/drills/testing/venture-plan.ts';
import { ventureMetricReader } from '../src/drills/venture-metric-reader.ts';
import { setIncidentDependencies } from '../src/incidents/incident-dependencies.ts';
import { listIncidents } from '../src/incidents/incident-service.ts';
import { wiredIncidentDependencies } from '../src/incidents/wired-dependencies.ts';
import { runSchedule } from '../src/jobs/due-work-controller.ts';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { setRunbookDependencies } from '../src/runbooks/runbook-dependencies.ts';
import { waitForRunEnd } from '../src/runbooks/testing/runbook-harness.ts';
import { runTriggerSchedule } from '../src/triggers/trigger-scheduler.ts';

const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';
const MIN = 60_000;
const env = {
  PD_ROUTING_KEY: routingKey,
  E2E_SMTP_PASSWORD: 'pw-e2e',
  LAUNCHCREW_APPROVAL_LINK_SECRET: 'approval-link-secret-e2e',
  LAUNCHCREW_PUBLIC_URL: 'https://launchcrew.example',
};

/** The drill plan of the venture plus an SMTP connector and user e-mails on incidents. */
function incidentPlanYaml(
  venture: ExampleVenture,
  vendors: { pagerDuty: string; smtpPort: number },
) {
  return ventureDrillPlanYaml(venture, {
    pagerDutyUrl: vendors.pagerDuty,
    slackUrlEnv: 'E2E_SLACK_URL',
    extraYaml: `  - { id: mail, kind: email, vendor: smtp, config: { host: 127.0.0.1, port: ${vendors.smtpPort}, user: e2e, password_env: E2E_SMTP_PASSWORD, from: status@notes.example.com, timeout_seconds: 5 } }
audiences:
  - { id: early-adopters, kind: inline, members: [eve@users.example] }
communications:
  users: { audiences: [early-adopters] }
`,
  });
}

describe('incident response on the example venture', () => {
  let api: TestApi;
  let queue: JobQueue;
  let venture: ExampleVenture;
  let pagerDuty: FakeVendor;
  let slack: FakeVendor;
  let smtp: TestSmtpServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    [api, venture, pagerDuty, slack, smtp] = await Promise.all([
      startTestApi(),
      startExampleVenture(),
      startFakeVendor(jsonReply(202, { status: 'success', message: 'Event processed' })),
      startFakeVendor({ status: 200, body: 'ok' }),
      startTestSmtpServer({ user: 'e2e', password: env.E2E_SMTP_PASSWORD }),
    ]);
    Object.assign(process.env, env, { E2E_SLACK_URL: `${slack.url}/services/T/B/X` });
    queue = await JobQueue.open({
      url: api.t.url,
      db: api.t.db,
      clock: api.clock,
      kinds: jobKinds,
    });
    setIncidentDependencies(
      wiredIncidentDependencies({ clock: api.clock, queue, env: process.env }),
    );
    setRunbookDependencies({
      metrics: ventureMetricReader(venture.url),
      env: process.env,
      allowedExecutables: [process.execPath],
      finishedJob: runbookFinishedJob,
    });
    await queue.startWorkers();
  });
  afterAll(async () => {
    setRunbookDependencies(null);
    setIncidentDependencies(null);
    await queue?.stop();
    await Promise.all([venture?.stop(), pagerDuty?.close(), slack?.close(), smtp?.close()]);
    await api?.close();
    process.env = saved;
  });

  it('detects, pages, rolls back on approval, recovers, communicates and writes the post-mortem', async () => {
    const { db } = api.t;
    const clock = api.clock;
    const launchId = await api.createLaunch(
      incidentPlanYaml(venture, { pagerDuty: pagerDuty.url, smtpPort: smtp.port }),
    );
    await db
      .updateTable('launches')
      .set({ state: 'monitoring' })
      .where('id', '=', launchId)
      .execute();
    const engine = {
      db,
      clock,
      queue,
      reader: ventureMetricReader(venture.url),
      eventJob: triggerEventJob,
    };
    const replay = (ms: number) =>
      runTriggerSchedule(engine, clock, new Date(clock.now().getTime() + ms), {
        afterPass: async () => {
          await queue.drain();
          await runSchedule({ db, queue, kinds: jobKinds }, clock, clock.now());
          await queue.drain();
        },
      });

    await replay(2 * MIN);
    expect(await listIncidents(db, launchId)).toEqual([]);

    // Inject: half of v2's requests fail.
    const faults = await fetch(`${venture.url}/admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ version: 'v2', error_rate: 0.5 }),
    });
    expect(faults.status).toBe(200);
    await replay(7 * MIN);

    const [incident] = await listIncidents(db, launchId);
    expect(incident).toMatchObject({ trigger_id: 'LAUNCH-001', severity: 'P0' });
    const triggers = pagerDuty.received
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.event_action === 'trigger');
    // Each firing LAUNCH-001 rule pages with its own dedup key; the uptime rule is the P0 page.
    for (const body of triggers) expect(body.routing_key).toBe(routingKey);
    const p0Page = triggers.find((b) => String(b.dedup_key).includes('rollback_uptime'));
    expect(p0Page).toMatchObject({
      event_action: 'trigger',
      dedup_key: expect.stringMatching(`^launchcrew:${launchId}:LAUNCH-001\\.rollback_uptime:`),
      payload: { severity: 'critical', source: 'notes.example.com' },
    });
    const slackBodies = slack.received.map((r) => JSON.parse(r.body));
    expect(slackBodies.length).toBeGreaterThan(0);
    expect(slackBodies[0]).toMatchObject({ text: expect.any(String), blocks: expect.any(Array) });

    // While the incident is open, the status page and the banner say so.
    const during = await api.call<{ incidents: Array<{ status: string }> }>(
      'GET',
      '/status/acme-notes.json',
    );
    expect(during.body.incidents).toMatchObject([{ status: 'investigating' }]);
    const raised = await api.call<{ active: boolean; level: string }>(
      'GET',
      '/v1/banner/acme-notes',
    );
    expect(raised.body).toMatchObject({ active: true, level: 'critical' });
    const [rollback] = (await listApprovals(db, { launchId })).filter(
      (a) => a.action === 'rollback',
    );
    expect(rollback?.state).toBe('pending');
    const approved = await api.call<{ approval: { result: { runId: string } } }>(
      'POST',
      `/v1/approvals/${rollback?.id}/approve`,
      { as: 'lead', json: { reason: 'v2 is failing half of its requests' } },
    );
    expect(approved.status).toBe(200);
    const run = await waitForRunEnd(db, approved.body.approval.result.runId, 40_000);
    expect(run.state).toBe('succeeded');
    const state = await venture.state();
    expect(state).toMatchObject({ traffic: 'v1', schemaVersion: 1, purges: 1 });
    expect(state.migrationLog.at(-1)).toBe('down 2');
    // the finished rollback reports itself to the incident (runbook.finished job)
    await queue.drain();
    const [mitigated] = await listIncidents(db, launchId);
    expect(mitigated?.state).toBe('monitoring');

    await replay(65 * MIN);
    const [resolved] = await listIncidents(db, launchId);
    expect(resolved?.state).toBe('resolved');

    const status = await api.call<{
      incidents: unknown[];
      history: Array<{ status: string; updates: Array<{ status: string }> }>;
    }>('GET', '/status/acme-notes.json');
    expect(status.body.incidents).toEqual([]);
    expect(status.body.history[0]?.status).toBe('resolved');
    expect(status.body.history[0]?.updates.map((u) => u.status)).toEqual([
      'resolved',
      'monitoring',
      'identified',
      'investigating',
    ]);
    const banner = await api.call<{ active: boolean }>('GET', '/v1/banner/acme-notes');
    expect(banner.body.active).toBe(false);
    const userMails = smtp.messages.filter((m) => m.to.includes('eve@users.example'));
    expect(userMails).toHaveLength(2); // investigating and resolved

    const postmortem = await api.call<{ markdown: string; postmortem: string }>(
      'GET',
      `/v1/incidents/${incident?.id}/postmortem`,
      { as: 'lead' },
    );
    expect(postmortem.status).toBe(200);
    expect(postmortem.body.postmortem).toBe('pending');
    expect(postmortem.body.markdown).toContain('| Resolved | ');
    expect(postmortem.body.markdown).toContain('approval.approved — action: rollback — via: api');
    expect(postmortem.body.markdown).toContain('incident.rollback_succeeded');
    const drafted = await api.call<{ postmortem: string }>(
      'POST',
      `/v1/incidents/${incident?.id}/postmortem`,
      { as: 'lead' },
    );
    expect(drafted.body.postmortem).toBe('drafted');
  }, 90_000);
});
