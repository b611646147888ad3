/**
 * Test harness of incidents and approvals: the API over a fresh database, the job workers, a
 * fake PagerDuty and Slack on 127.0.0.1, and recording fakes of the rollback executor, the
 * marketing pause and incident communications.
 */

import { samplePlanYaml, startTestApi, type TestApi } from '../../api/test-harness.ts';
import { jobKinds } from '../../app/job-kinds.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../connectors/testing/fake-vendor.ts';
import { runSchedule } from '../../jobs/due-work-controller.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import type { TriggerEvent } from '../../triggers/trigger-event.ts';
import {
  type ApprovedAction,
  type IncidentUpdate,
  setIncidentDependencies,
} from '../incident-dependencies.ts';
import { incidentOpener } from '../incident-opener.ts';

export const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';
export const slackSigningSecret = 'slack-signing-secret-for-tests';
export const linkSecret = 'approval-link-secret-for-tests';

/** A running harness. */
export interface IncidentHarness {
  api: TestApi;
  queue: JobQueue;
  pagerDuty: FakeVendor;
  slack: FakeVendor;
  rollbacks: ApprovedAction[];
  pauses: ApprovedAction[];
  updates: IncidentUpdate[];
  /**
   * Creates a launch of the incident test plan with `extraYaml` appended (the plan ends with the
   * connectors list, so `  - {…}` lines add connectors).
   */
  createLaunch(extraYaml?: string): Promise<string>;
  /** Hands a LAUNCH-001 event to the incident opener (as the `trigger.event` job does). */
  fire(launchId: string, event?: Partial<TriggerEvent>): Promise<TriggerEvent>;
  /** Replays due work (deadlines, PagerDuty syncs, notices) up to `ms` from now. */
  runFor(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the harness for one test file.
 *
 * @example
 * let h: IncidentHarness;
 * beforeAll(async () => { h = await startIncidentHarness(); });
 * afterAll(() => h.close());
 */
export async function startIncidentHarness(): Promise<IncidentHarness> {
  const api = await startTestApi();
  const pagerDuty = await startFakeVendor(
    jsonReply(202, { status: 'success', message: 'Event processed' }),
  );
  const slack = await startFakeVendor({ status: 200, body: 'ok' });
  const rollbacks: ApprovedAction[] = [];
  const pauses: ApprovedAction[] = [];
  const updates: IncidentUpdate[] = [];
  setIncidentDependencies({
    env: {
      PD_ROUTING_KEY: routingKey,
      SLACK_URL: `${slack.url}/services/T/B/X`,
      LAUNCHCREW_SLACK_SIGNING_SECRET: slackSigningSecret,
      LAUNCHCREW_APPROVAL_LINK_SECRET: linkSecret,
      LAUNCHCREW_PUBLIC_URL: 'https://launchcrew.example',
      SMTP_PASSWORD: 'pw-123',
    },
    executeRollback: async (_trx, action) => {
      rollbacks.push(action);
      return { runId: `run-${rollbacks.length}` };
    },
    pauseMarketing: async (_trx, action) => {
      pauses.push(action);
      return { paused: true };
    },
    publishIncidentUpdate: async (_executor, update) => {
      updates.push(update);
    },
  });
  const queue = await JobQueue.open({
    url: api.t.url,
    db: api.t.db,
    clock: api.clock,
    kinds: jobKinds,
  });
  await queue.startWorkers();
  let fired = 0;
  return {
    api,
    queue,
    pagerDuty,
    slack,
    rollbacks,
    pauses,
    updates,
    createLaunch: (incidentsYaml = '') =>
      api.createLaunch(incidentPlanYaml(pagerDuty.url) + incidentsYaml),
    async fire(launchId, overrides = {}) {
      fired += 1;
      const at = api.clock.now().toISOString();
      const event: TriggerEvent = {
        id: `${launchId}:LAUNCH-001.rollback_uptime:${at}:firing:${fired}`,
        launchId,
        ruleId: 'LAUNCH-001.rollback_uptime',
        triggerId: 'LAUNCH-001',
        state: 'firing',
        level: 'critical',
        severity: 'P0',
        value: 82.5,
        reason: 'uptime 82.5 % < 90 % for 5m0s',
        at,
        firedAt: at,
        fireCount: 1,
        ...overrides,
      };
      await incidentOpener.handle(event, { db: api.t.db, clock: api.clock });
      return event;
    },
    async runFor(ms) {
      const until = new Date(api.clock.now().getTime() + ms);
      await runSchedule({ db: api.t.db, queue, kinds: jobKinds }, api.clock, until);
    },
    async close() {
      setIncidentDependencies(null);
      await queue.stop();
      await Promise.all([pagerDuty.close(), slack.close()]);
      await api.close();
    },
  };
}

/** The API test plan with Slack ids for the team and PagerDuty + Slack connectors. */
function incidentPlanYaml(pagerDutyUrl: string): string {
  return `${samplePlanYaml
    .replace(
      'contact: { email: ana@example.com }',
      'contact: { email: ana@example.com, slack: U0ANALEAD }',
    )
    .replace(
      'contact: { email: olu@example.com }',
      'contact: { email: olu@example.com, slack: "@olu" }',
    )
    .replace(
      '  - { id: olu,',
      '  - { id: mia, name: Mia Marketing, roles: [marketing], contact: { slack: U0MIAMKTG } }\n  - { id: olu,',
    )}connectors:
  - { id: pagerduty, kind: paging, vendor: pagerduty, config: { routing_key_env: PD_ROUTING_KEY, events_url: "${pagerDutyUrl}/v2/enqueue" } }
  - { id: slack, kind: chat, vendor: slack, config: { webhook_url_env: SLACK_URL } }
`;
}
