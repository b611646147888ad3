/**
 * Test harness of launch orchestration: the API over a fresh database on a simulated clock, the
 * job workers, the example venture as the product being deployed, a fake Slack for messages to
 * the LEAD, and scripted entry and exit gates (the real activations, runbooks and incidents).
 */

import { type ExampleVenture, startExampleVenture } from '../../../examples/venture/start.ts';
import { samplePlanYaml, startTestApi, type TestApi } from '../../api/test-harness.ts';
import { jobKinds, runbookFinishedJob } from '../../app/job-kinds.ts';
import { type FakeVendor, startFakeVendor } from '../../connectors/testing/fake-vendor.ts';
import { setIncidentDependencies } from '../../incidents/incident-dependencies.ts';
import { wiredIncidentDependencies } from '../../incidents/wired-dependencies.ts';
import { runSchedule } from '../../jobs/due-work-controller.ts';
import type { AnyJobKind } from '../../jobs/job-kind.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { noData } from '../../metrics/metric-reader.ts';
import { setReportDependencies } from '../../reports/report-dependencies.ts';
import { setRunbookDependencies } from '../../runbooks/runbook-dependencies.ts';
import { setLaunchCollaborators } from '../launch-collaborators.ts';
import { findLaunchRow } from '../launch-service.ts';
import { type ScriptedGates, scriptedLaunchCollaborators } from './scripted-collaborators.ts';

/** A running harness. */
export interface OrchestrationHarness {
  api: TestApi;
  queue: JobQueue;
  slack: FakeVendor;
  venture: ExampleVenture;
  gates: ScriptedGates;
  kinds: AnyJobKind[];
  /** Creates a launch whose deploy switches the venture to v2 (`canary`: 5 → 50 → 100 %). */
  createLaunch(options?: { canary?: boolean }): Promise<string>;
  /** Replays the launch's due work up to `until`. */
  runUntil(launchId: string, until: Date): Promise<void>;
  launch(launchId: string): ReturnType<typeof findLaunchRow>;
  close(): Promise<void>;
}

/**
 * Starts the harness for one test file.
 *
 * @example
 * let h: OrchestrationHarness;
 * beforeAll(async () => { h = await startOrchestrationHarness(); });
 * afterAll(() => h.close());
 */
export async function startOrchestrationHarness(): Promise<OrchestrationHarness> {
  const api = await startTestApi();
  const slack = await startFakeVendor({ status: 200, body: 'ok' });
  const venture = await startExampleVenture();
  const env = { SLACK_URL: `${slack.url}/services/T/B/X` };
  const { collaborators, gates } = scriptedLaunchCollaborators(env);
  setLaunchCollaborators(collaborators);
  const kinds = jobKinds.map((kind) =>
    kind.name === collaborators.handoffJob.name ? (collaborators.handoffJob as AnyJobKind) : kind,
  );
  const queue = await JobQueue.open({ url: api.t.url, db: api.t.db, clock: api.clock, kinds });
  setRunbookDependencies({
    metrics: { read: async () => noData('not read in these tests') },
    env: {},
    allowedExecutables: [],
    finishedJob: runbookFinishedJob,
  });
  setIncidentDependencies(wiredIncidentDependencies({ clock: api.clock, queue, env }));
  setReportDependencies({
    metrics: { read: async () => noData('not read in these tests') },
    sender: { chat: async () => ({}), email: async () => ({}) },
    triggerStates: async () => [],
  });
  await queue.startWorkers();
  return {
    api,
    queue,
    slack,
    venture,
    gates,
    kinds,
    createLaunch: (options = {}) =>
      api.createLaunch(planYaml(venture.url, options.canary === true)),
    async runUntil(launchId, until) {
      await runSchedule({ db: api.t.db, queue, kinds }, api.clock, until, { launchId });
    },
    launch: (launchId) => findLaunchRow(api.t.db, launchId),
    async close() {
      setLaunchCollaborators(null);
      setIncidentDependencies(null);
      setRunbookDependencies(null);
      setReportDependencies(null);
      await queue.stop();
      await Promise.all([slack.close(), venture.stop()]);
      await api.close();
    },
  };
}

/** The API test plan, deploying to the example venture, with a Slack chat connector. */
function planYaml(ventureUrl: string, canary: boolean): string {
  const traffic = `url: "${ventureUrl}/admin/traffic"`;
  const deploy = canary
    ? `    strategy: canary
    canary_weights: [5, 50, 100]
    analysis_interval: 1m
    steps:
      - { id: canary, action: set_canary_weight, params: { ${traffic}, version: v2 } }
      - { id: live, action: declare_live }`
    : `    strategy: blue_green
    steps:
      - { id: switch, action: switch_traffic, params: { ${traffic}, version: v2 } }
      - { id: health, action: health_check, params: { url: "${ventureUrl}/healthz" } }
      - { id: live, action: declare_live }`;
  const base = samplePlanYaml.slice(0, samplePlanYaml.indexOf('runbooks:'));
  return `${base}runbooks:
  deploy:
${deploy}
  rollback:
    steps:
      - { id: revert, action: revert_traffic, params: { ${traffic}, version: v1 } }
connectors:
  - { id: slack, kind: chat, vendor: slack, config: { webhook_url_env: SLACK_URL } }
`;
}
