/**
 * Incident drills (SPEC §3, issue 4 item 5): the whole incident path against a staging target on
 * a simulated clock — inject a fault, let LAUNCH-001 detect it, page, approve the proposed
 * rollback, run the rollback runbook, verify, let the product prove it recovered, publish the
 * status updates and draft the post-mortem — recorded as evidence (`drill.completed`).
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { jobKinds } from '../app/job-kinds.ts';
import { decideApproval, listApprovals } from '../approvals/approval-service.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { SimulatedClock } from '../clock/clock.ts';
import { loadBanner } from '../comms/banner.ts';
import { loadStatusPage } from '../comms/status-page.ts';
import { listDeliveries } from '../deliveries/delivery-ledger.ts';
import { setIncidentDependencies } from '../incidents/incident-dependencies.ts';
import { listIncidents } from '../incidents/incident-service.ts';
import type { IncidentRow } from '../incidents/incident-tables.ts';
import { collectPostmortem } from '../incidents/postmortem.ts';
import { renderPostmortemMarkdown } from '../incidents/postmortem-render.ts';
import { recordRollbackOutcome } from '../incidents/rollback-outcome.ts';
import { wiredIncidentDependencies } from '../incidents/wired-dependencies.ts';
import { cancelScheduledWork } from '../jobs/due-work.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { cancelLaunch, createLaunch } from '../launch/launch-service.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import {
  runbookExecutablesFromEnv,
  setRunbookDependencies,
} from '../runbooks/runbook-dependencies.ts';
import { getRunbookRun, type RunbookRun } from '../runbooks/runbook-store.ts';
import type { Db } from '../store/database.ts';
import { replayLaunchUntil } from './drill-replay.ts';
import { ventureMetricReader } from './venture-metric-reader.ts';

/** The drills: an outage of v2 (P0), or a spike of v2's error rate (P1). */
export const drillScenarios = ['p0-outage', 'p1-error-spike'] as const;
export type DrillScenario = (typeof drillScenarios)[number];

/** The fault each scenario injects into the target's v2 (`POST /admin/faults`). */
const scenarioFaults: Record<DrillScenario, { severity: 'P0' | 'P1'; fault: object }> = {
  'p0-outage': { severity: 'P0', fault: { version: 'v2', outage: true } },
  'p1-error-spike': { severity: 'P1', fault: { version: 'v2', error_rate: 0.08 } },
};

/** One stage of a drill and whether it did what it should. */
export interface DrillStage {
  name: 'inject' | 'detect' | 'page' | 'approve' | 'rollback' | 'recover' | 'communicate';
  ok: boolean;
  /** Simulated time at the end of the stage. */
  at: string;
  detail: string;
}

/** What a drill did. */
export interface DrillResult {
  scenario: DrillScenario;
  target: string;
  passed: boolean;
  launchId: string;
  incidentId: string | null;
  severity: string | null;
  runId: string | null;
  stages: DrillStage[];
  /** The post-mortem draft of the drill incident (Markdown), when one was opened. */
  postmortem: string | null;
}

/** What a drill runs on. */
export interface DrillOptions {
  store: { db: Db; url: string };
  planFile: string;
  scenario: DrillScenario;
  clock: SimulatedClock;
  /** Base URL of the target; default the plan's `venture.staging_url`. */
  target?: string;
  /** Who runs the drill (audit actor and approver); default `system:drill`. */
  actor?: string;
}

const MIN = 60_000;

/**
 * Runs one drill: creates a drill launch of the plan in state monitoring, injects the scenario's
 * fault into the target, replays the trigger engine and due work on `clock` until the incident
 * opens, approves its rollback as the LEAD, waits for the rollback runbook (real time), replays
 * until LAUNCH-001 clears and the incident resolves, then ends the drill launch and records
 * `drill.completed` with the outcome. The fault is cleared at the end in every case. Pages and
 * communications go where the plan says: a drill plan names test audiences and test channels.
 *
 * @example
 * const result = await runDrill({ store, planFile: 'plan.yaml', scenario: 'p0-outage', clock: new SimulatedClock(new Date()) });
 * if (!result.passed) console.log(result.stages.filter((s) => !s.ok));
 */
export async function runDrill(options: DrillOptions): Promise<DrillResult> {
  const { store, clock, scenario } = options;
  const { db } = store;
  // Connector secrets and the runbook allow-list come from the environment, as in the worker.
  const env = process.env;
  const actor = options.actor ?? 'system:drill';
  const planYaml = await readFile(options.planFile, 'utf8');
  const { launch } = await createLaunch(
    { db, clock },
    { planYaml, fileName: options.planFile, actor },
  );
  const { plan } = await db
    .updateTable('launches')
    .set({ state: 'monitoring' })
    .where('id', '=', launch.id)
    .returning('plan')
    .executeTakeFirstOrThrow();
  // A drill launch only monitors: none of the launch's own work (milestones, reports) runs.
  await cancelScheduledWork(db, clock, launch.id);
  const target = (options.target ?? (plan as LaunchPlan).venture.staging_url).replace(/\/$/, '');
  const reader = ventureMetricReader(target);
  const queue = await JobQueue.open({ url: store.url, db, clock, kinds: jobKinds });
  setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env }));
  setRunbookDependencies({
    metrics: reader,
    env,
    allowedExecutables: runbookExecutablesFromEnv(env),
  });
  await queue.startWorkers();
  const drillLaunch = { id: launch.id, t0: new Date(launch.t0), plan };
  const replayUntil = (limitMs: number, done: () => Promise<boolean>) =>
    replayLaunchUntil({ db, clock, queue, reader }, drillLaunch, limitMs, done);
  const firstIncident = async (): Promise<IncidentRow | undefined> =>
    (await listIncidents(db, launch.id))[0];
  const { fault, severity } = scenarioFaults[scenario];
  let incident: IncidentRow | undefined;
  let run: RunbookRun | undefined;
  const plannedStages: Array<[DrillStage['name'], () => Promise<[boolean, string]>]> = [
    [
      'inject',
      async () => {
        await replayUntil(MIN, async () => false);
        const answer = await postJson(`${target}/admin/faults`, fault);
        return [answer.ok, `POST /admin/faults ${JSON.stringify(fault)} → ${answer.status}`];
      },
    ],
    [
      'detect',
      async () => {
        await replayUntil(10 * MIN, async () => (await firstIncident())?.severity === severity);
        incident = await firstIncident();
        return incident?.severity === severity
          ? [true, `${severity} incident opened at ${incident.opened_at.toISOString()}`]
          : [false, `no ${severity} incident within 10 min (${incident?.severity ?? 'none'})`];
      },
    ],
    [
      'page',
      async () => {
        const pages = (await listDeliveries(db, launch.id)).filter(
          (d) => d.state === 'sent' && (d.channel === 'pagerduty' || d.channel === 'slack'),
        );
        const channels = [...new Set(pages.map((page) => page.channel))].join(', ');
        return [pages.length > 0, `${pages.length} page(s) or message(s) sent (${channels})`];
      },
    ],
    [
      'approve',
      async () => {
        const proposal = (await listApprovals(db, { launchId: launch.id })).find(
          (approval) => approval.action === 'rollback' && approval.state === 'pending',
        );
        if (!proposal) return [false, 'no rollback proposed'];
        const approved = await decideApproval(db, clock, {
          approvalId: proposal.id,
          decision: 'approve',
          actor,
          role: 'lead',
          via: 'cli',
          reason: `drill ${scenario}`,
        });
        run = await waitForRun(db, String(approved.result?.runId));
        return [true, `rollback ${proposal.id} approved by ${actor}`];
      },
    ],
    [
      'rollback',
      async () => {
        if (!run || !incident) return [false, 'no rollback run'];
        const ok = run.state === 'succeeded';
        await recordRollbackOutcome(db, clock, {
          incidentId: incident.id,
          runId: run.id,
          state: ok ? 'succeeded' : 'failed',
          detail: `drill ${scenario}: run ${run.state}`,
        });
        return [ok, `run ${run.id} ${run.state}`];
      },
    ],
    [
      'recover',
      async () => {
        const resolved = await replayUntil(
          3 * 60 * MIN,
          async () => (await firstIncident())?.state === 'resolved',
        );
        return [
          resolved,
          resolved ? 'LAUNCH-001 cleared, incident resolved' : 'not resolved in 3 h',
        ];
      },
    ],
    [
      'communicate',
      async () => {
        const page = await loadStatusPage(db, (plan as LaunchPlan).venture.id, clock.now());
        const banner = await loadBanner(db, (plan as LaunchPlan).venture.id);
        const shown = page?.history.some((past) => past.id === incident?.id) === true;
        return [
          shown && banner?.active === false,
          `status page ${shown ? 'shows' : 'misses'} the resolved incident; banner ${banner?.active ? 'still up' : 'down'}`,
        ];
      },
    ],
  ];
  const stages: DrillStage[] = [];
  try {
    for (const [name, perform] of plannedStages) {
      // A stage that throws (a vendor down, a run that never ends) fails the drill, recorded.
      const [ok, detail] = await perform().catch((error: unknown): [boolean, string] => [
        false,
        error instanceof Error ? error.message : String(error),
      ]);
      stages.push({ name, ok, at: clock.now().toISOString(), detail });
      if (!ok) break;
    }
  } finally {
    await postJson(`${target}/admin/faults`, { version: 'v2', outage: false, error_rate: 0 }).catch(
      () => undefined,
    );
    setRunbookDependencies(null);
    setIncidentDependencies(null);
    await queue.stop();
  }
  const postmortem = incident
    ? renderPostmortemMarkdown(await collectPostmortem(db, incident.id, clock.now()))
    : null;
  const passed = stages.length === plannedStages.length && stages.every((stage) => stage.ok);
  await cancelLaunch({ db, clock }, launch.id, { actor, reason: `drill ${scenario} finished` });
  const result: DrillResult = {
    scenario,
    target,
    passed,
    launchId: launch.id,
    incidentId: incident?.id ?? null,
    severity: incident?.severity ?? null,
    runId: run?.id ?? null,
    stages,
    postmortem,
  };
  await recordAudit(db, clock, {
    actor,
    action: 'drill.completed',
    subjectType: 'launch',
    subjectId: launch.id,
    launchId: launch.id,
    detail: {
      scenario,
      target,
      passed,
      incidentId: result.incidentId,
      runId: result.runId,
      stages,
    },
  });
  return result;
}

async function postJson(url: string, body: object): Promise<Response> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response;
}

/** Waits (real time) for the rollback run to end; runbook steps run on the queue's workers. */
async function waitForRun(db: Db, runId: string, timeoutMs = 10 * MIN): Promise<RunbookRun> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const run = await getRunbookRun(db, runId);
    if (run && run.state !== 'running') return run;
    if (performance.now() > deadline) throw new Error(`rollback run ${runId} still running`);
    await sleep(50);
  }
}
