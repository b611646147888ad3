/**
 * `launchcrew demo`: one whole launch of the example venture on a simulated clock, with the code
 * the worker runs — entry gates, go/no-go (auto-approved and marked as such), a canary deploy,
 * the activation waves, an injected fault that fires LAUNCH-001, the rollback approved by the
 * (demo) LEAD, recovery, LAUNCH-004 and the Stage 32 handoff — against local stand-ins for every
 * vendor. The API and dashboard serve the run live while it lasts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { startExampleVenture } from '../../examples/venture/start.ts';
import { startTestSmtpServer } from '../alerts/testing/smtp-test-server.ts';
import { createApi } from '../api/app.ts';
import { jobKinds, triggerEventJob } from '../app/job-kinds.ts';
import { wireWorkerDependencies } from '../app/worker.ts';
import { decideApproval, listApprovals } from '../approvals/approval-service.ts';
import { createToken } from '../auth/tokens.ts';
import { automationReport } from '../automation/automation-ledger.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { servedErrorRatePercent } from '../drills/venture-metric-reader.ts';
import { recordFeedback } from '../feedback/feedback-record.ts';
import { setIncidentDependencies } from '../incidents/incident-dependencies.ts';
import { wiredIncidentDependencies } from '../incidents/wired-dependencies.ts';
import { releaseDueWork } from '../jobs/due-work.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { latestGateReport } from '../launch/gates/entry-gates.ts';
import { decideGoNoGo } from '../launch/go-no-go.ts';
import { setLaunchCollaborators } from '../launch/launch-collaborators.ts';
import { createLaunch, findLaunchRow } from '../launch/launch-service.ts';
import { terminalStates } from '../launch/launch-view.ts';
import { signOff } from '../launch/preparation/readiness-checklist.ts';
import { wiredLaunchCollaborators } from '../launch/wired-collaborators.ts';
import { LiveEventHub } from '../live/live-event-hub.ts';
import { insertTrackedEvents } from '../metrics/ingest/event-store.ts';
import { insertSamples } from '../metrics/samples/sample-store.ts';
import type { Store } from '../store/store.ts';
import { evaluateDueTriggers } from '../triggers/trigger-scheduler.ts';
import { type DemoArtefacts, writeDemoArtefacts } from './demo-artefacts.ts';
import { demoFeedbackOfDay } from './demo-feedback.ts';
import { demoPlanYaml, demoSecrets } from './demo-plan.ts';
import { launchProgress, relativeToT0 } from './demo-progress.ts';
import { demoT0 } from './demo-t0.ts';
import { demoTraffic } from './demo-traffic.ts';
import { startVendorReceivers } from './vendor-receivers.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Who decides in the demo: the LEAD of the plan, automatically, and every entry says so. */
const demoLead = 'demo:auto-approved(ana)';

/** What a demo run did. */
export interface DemoResult {
  launchId: string;
  state: string;
  t0: string;
  wallSeconds: number;
  automationPercent: number;
  vendorCalls: Record<string, number>;
  emails: number;
  artefacts: DemoArtefacts;
  dashboard: { url: string; token: string };
}

/**
 * Runs the demo on `store`, printing progress with `print`; artefacts go to `outDir/<launchId>`.
 *
 * @example
 * const result = await runDemo({ store, print: console.error, outDir: 'demo-output' });
 */
export async function runDemo(options: {
  store: Store;
  print: (line: string) => void;
  outDir: string;
  port?: number;
  version?: string;
  /** Called after the run, before the dashboard stops (e.g. wait for Ctrl-C). */
  hold?: (dashboard: { url: string; token: string }) => Promise<void>;
}): Promise<DemoResult> {
  const started = performance.now();
  const { store, print } = options;
  const { db } = store;
  const venture = await startExampleVenture();
  const vendors = await startVendorReceivers();
  const smtp = await startTestSmtpServer({
    user: 'demo',
    password: demoSecrets.DEMO_SMTP_PASSWORD ?? '',
  });
  const cleanups: Array<() => Promise<unknown>> = [venture.stop, vendors.close, smtp.close];
  try {
    Object.assign(process.env, demoSecrets);
    const clock = new SimulatedClock(new Date());
    await postJson(`${venture.url}/admin/traffic`, { version: 'v1' });
    const planYaml = demoPlanYaml(demoT0(clock.now()), {
      venture: { ...venture, url: venture.url.replace('127.0.0.1', 'localhost') },
      vendors: vendors.url,
      smtpPort: smtp.port,
    });
    const { launch } = await createLaunch(
      { db, clock },
      { planYaml, fileName: 'demo-plan.yaml', actor: 'demo' },
    );
    const t0 = new Date(launch.t0);
    const queue = await JobQueue.open({ url: store.url, db, clock, kinds: jobKinds });
    cleanups.push(() => queue.stop());
    setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env: process.env }));
    setLaunchCollaborators(wiredLaunchCollaborators(process.env));
    const { reader, unwire } = await wireWorkerDependencies({ db, clock, env: process.env });
    cleanups.push(async () => {
      unwire();
      setLaunchCollaborators(null);
      setIncidentDependencies(null);
    });
    await queue.startWorkers();
    const dashboard = await serveDashboard(store, clock, options, cleanups);
    print(`launch ${launch.id} of ${launch.ventureName}: T0 ${t0.toISOString()}`);
    print(`dashboard (live while the demo runs): ${dashboard.url}  token: ${dashboard.token}`);

    const kinds = new Map(jobKinds.map((kind) => [kind.name, kind]));
    const progress = launchProgress(db, launch.id, t0);
    const traffic = demoTraffic(t0, {
      weekOneUsers: 380,
      returnShare: 0.62,
      surveyShare: 0.35,
      channels: { newsletter: 5, x: 2, linkedin: 2, producthunt: 1 },
    });
    const say = (text: string) => print(`${relativeToT0(clock.now(), t0).padEnd(9)} ${text}`);
    const tick = async (stepMs: number, wallMs = 5) => {
      const from = clock.now();
      const to = clock.advance(stepMs);
      const span = traffic.between(from, to, {
        errorRatePercent: servedErrorRatePercent(await venture.state()),
      });
      await insertSamples(db, launch.id, span.samples);
      await insertTrackedEvents(db, launch.id, span.calls, to);
      await evaluateDueTriggers({ db, clock, queue, reader, eventJob: triggerEventJob });
      while ((await releaseDueWork(db, queue, clock, kinds)) > 0) {
        // release everything due
      }
      await sleep(wallMs);
      for (const line of await progress.next()) print(line.text);
    };
    const runUntil = async (until: Date, stepMs: number, done?: () => Promise<boolean>) => {
      while (clock.now() < until) {
        if (done && (await done())) return true;
        await tick(Math.min(stepMs, until.getTime() - clock.now().getTime()));
      }
      return done ? done() : true;
    };
    const state = async () => findLaunchRow(db, launch.id);

    // 31.1 Preparation: sign-offs, then the freeze starts and the gates are evaluated.
    say('preparation: the four leads sign the readiness checklist');
    for (const role of [
      'launch_coordinator',
      'devops_lead',
      'marketing_lead',
      'support_lead',
    ] as const) {
      await signOff({ db, clock }, { launchId: launch.id, role, actor: demoLead, note: 'demo' });
    }
    await runUntil(new Date(t0.getTime() - 25 * HOUR), HOUR);
    // The freeze starts at T-24h: the gates and the pre-launch validation run, then the LEAD is asked.
    await runUntil(
      new Date(t0.getTime() - 12 * HOUR),
      10 * MIN,
      async () => (await state()).state === 'awaiting_go_no_go',
    );
    const gates = await latestGateReport(db, launch.id);
    say(
      `entry gates: ${gates?.gates.map((g) => `${g.name} ${g.status}`).join(', ') ?? 'not evaluated'}; readiness ${gates?.readiness.score ?? 0} %`,
    );
    await decideGoNoGo(
      { db, clock },
      {
        launchId: launch.id,
        actor: demoLead,
        decision: 'go',
        ...(gates?.blocking !== false
          ? { overrideReason: 'demo: auto-approved; the gates that fail are explained above' }
          : {}),
      },
    );
    say('go/no-go: GO (auto-approved by the demo on behalf of the LEAD)');

    // 31.2 Execution: the canary deploy at T0, then the activation waves.
    await runUntil(t0, HOUR);
    await runUntil(
      new Date(t0.getTime() + 2 * HOUR),
      10 * SEC,
      async () => (await state()).live_at !== null,
    );
    await runUntil(new Date(t0.getTime() + 3 * HOUR), MIN);

    // An incident: v2 starts failing; LAUNCH-001 proposes a rollback; the LEAD approves it.
    say('injecting a fault: 30 % of v2 requests fail');
    await postJson(`${venture.url}/admin/faults`, { version: 'v2', error_rate: 0.3 });
    const pendingRollback = async () =>
      (await listApprovals(db, { launchId: launch.id, state: 'pending' })).find(
        (a) => a.action === 'rollback',
      );
    await runUntil(
      new Date(clock.now().getTime() + HOUR),
      15 * SEC,
      async () => (await pendingRollback()) !== undefined,
    );
    const approval = await pendingRollback();
    if (approval) {
      await runUntil(new Date(clock.now().getTime() + 2 * MIN), 15 * SEC);
      await decideApproval(db, clock, {
        approvalId: approval.id,
        decision: 'approve',
        actor: demoLead,
        role: 'lead',
        via: 'api',
        reason: 'demo: auto-approved rollback',
      });
      say('rollback approved (auto-approved by the demo on behalf of the LEAD)');
    }
    const pendingPause = (await listApprovals(db, { launchId: launch.id, state: 'pending' })).find(
      (a) => a.action === 'marketing_pause',
    );
    if (pendingPause) {
      await decideApproval(db, clock, {
        approvalId: pendingPause.id,
        decision: 'reject',
        actor: demoLead,
        role: 'lead',
        via: 'api',
        reason: 'demo: the rollback restores service; marketing keeps going',
      });
      say('marketing pause rejected (by the demo on behalf of the LEAD): the rollback suffices');
    }
    await runUntil(new Date(clock.now().getTime() + 3 * HOUR), 30 * SEC);

    // 31.3 Monitoring: a week of users, feedback and reports until LAUNCH-004 and the handoff.
    for (let day = 0; day < 10; day += 1) {
      const endOfDay = new Date(t0.getTime() + (day + 1) * DAY);
      if (endOfDay <= clock.now()) continue;
      await recordFeedback(db, clock, launch.id, demoFeedbackOfDay(day, clock.now()));
      await runUntil(endOfDay, day < 3 ? 15 * MIN : 30 * MIN, async () =>
        terminalStates.has((await state()).state),
      );
      if (terminalStates.has((await state()).state)) break;
    }
    // The success announcements, the handoff package and MVP_LAUNCHED go out right after.
    await runUntil(new Date(clock.now().getTime() + 30 * MIN), MIN);

    const ended = await state();
    const artefacts = await writeDemoArtefacts(
      { db, clock },
      {
        dir: `${options.outDir}/${launch.id}`,
        launchId: launch.id,
        planYaml,
        mails: smtp.messages,
        calls: vendors.calls,
      },
    );
    await options.hold?.(dashboard);
    return {
      launchId: launch.id,
      state: ended.state,
      t0: t0.toISOString(),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
      automationPercent: (await automationReport(db, launch.id)).automationPercent,
      vendorCalls: vendors.counts(),
      emails: smtp.messages.length,
      artefacts,
      dashboard,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function serveDashboard(
  store: Store,
  clock: SimulatedClock,
  options: { port?: number; version?: string },
  cleanups: Array<() => Promise<unknown>>,
): Promise<{ url: string; token: string }> {
  const liveEvents = new LiveEventHub({ db: store.db, url: store.url });
  const app = createApi({
    db: store.db,
    clock,
    version: options.version ?? 'demo',
    isReady: async () => true,
    liveEvents,
  });
  const port = await new Promise<number>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 },
      (info) => resolve(info.port),
    );
    server.once('error', reject);
    cleanups.push(async () => {
      await liveEvents.close();
      await new Promise<void>((done) => server.close(() => done()));
    });
  });
  const { secret } = await createToken(store.db, clock, {
    name: 'demo-lead',
    role: 'lead',
    actor: 'demo',
  });
  return { url: `http://127.0.0.1:${port}/`, token: secret };
}

async function postJson(url: string, body: unknown): Promise<void> {
  const answer = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
}
