/**
 * Pre-launch validation (SPEC §1 31.1): smoke checks of the critical flows (the plan's HTTP
 * monitors, probed once now), a test alert end to end (an `info` alert through the alert router,
 * so every chat and e-mail channel is really sent to, once per validation run through the
 * delivery ledger), analytics arriving (metric samples or tracked events of the venture in the
 * last 24 h), and the public URLs resolving in DNS. Stored as the `prelaunch_validation` section
 * of a new gate report.
 */
import { randomUUID } from 'node:crypto';
import {
  alertChannelsFor,
  alertDeliveryKey,
  createAlertRouter,
} from '../../alerts/alert-router.ts';
import { toMonitorSpec } from '../../metrics/monitors/monitor-spec.ts';
import { metricsDb } from '../../metrics/samples/tables.ts';
import type { TriggerEvent } from '../../triggers/trigger-event.ts';
import { systemActor } from '../gates/entry-gates.ts';
import { type GateDeps, hostResolverOf, probeRunnerOf } from '../gates/gate-deps.ts';
import { type GateLaunch, loadGateLaunch } from '../gates/gate-launch.ts';
import { evidenceLog, type Gate, type GateReport, gateOf } from '../gates/gate-model.ts';
import { latestGateReport, saveGateReport } from '../gates/gate-report-store.ts';

type Evidence = ReturnType<typeof evidenceLog>;

const DAY = 86_400_000;

/**
 * Runs the pre-launch validation and stores it with the latest entry gates as a new report
 * (audited, automation task `prelaunch_validation`).
 *
 * @example
 * const report = await runPrelaunchValidation({ db, clock, env: process.env }, launchId);
 * report.gates.find((g) => g.name === 'prelaunch_validation')?.status; // 'pass'
 */
export async function runPrelaunchValidation(
  deps: GateDeps,
  launchId: string,
  options: { actor?: string } = {},
): Promise<GateReport> {
  const launch = await loadGateLaunch(deps.db, launchId);
  const previous = await latestGateReport(deps.db, launchId);
  const reportId = randomUUID();
  return saveGateReport(deps, launch, {
    reportId,
    gates: [
      ...(previous?.gates.filter((g) => g.name !== 'prelaunch_validation') ?? []),
      await prelaunchValidationOf(deps, launch, reportId),
    ],
    actor: options.actor ?? systemActor,
    tasks: ['prelaunch_validation'],
  });
}

/**
 * The validation of `launch`, run now; `runId` makes its test alert unique.
 *
 * @example
 * const gate = await prelaunchValidationOf(deps, launch, randomUUID());
 */
export async function prelaunchValidationOf(
  deps: GateDeps,
  launch: GateLaunch,
  runId: string,
): Promise<Gate> {
  const evidence = evidenceLog(deps.clock.now());
  await smokeChecks(deps, evidence, launch);
  await testAlert(deps, evidence, launch, runId);
  await analyticsArriving(deps, evidence, launch);
  await publicUrlsResolve(deps, evidence, launch);
  return gateOf('prelaunch_validation', evidence.items);
}

async function smokeChecks(deps: GateDeps, evidence: Evidence, launch: GateLaunch): Promise<void> {
  const monitors = launch.plan.monitors.filter((m) => m.type === 'http');
  if (monitors.length === 0) {
    evidence.add('smoke', 'warn', 'no http monitors in the plan to smoke-check');
    return;
  }
  const window = { t0: launch.t0, monitoringEnd: launch.t0 };
  await Promise.all(
    monitors.map(async (monitor) => {
      const spec = toMonitorSpec(launch.id, monitor, window);
      const outcome = await probeRunnerOf(deps)(spec.target, {
        timeoutMs: spec.timeoutMs,
        env: deps.env,
      });
      evidence.add(
        `smoke:${monitor.id}`,
        outcome.ok ? 'pass' : 'fail',
        `${monitor.method} ${monitor.url}: ${outcome.ok ? `answered in ${outcome.latencyMs} ms` : outcome.message}`,
      );
    }),
  );
}

async function testAlert(
  deps: GateDeps,
  evidence: Evidence,
  launch: GateLaunch,
  runId: string,
): Promise<void> {
  const connectors = (await alertChannelsFor('info', launch.plan)).map((c) => c.connector);
  if (connectors.length === 0) {
    evidence.add(
      'test_alert',
      'fail',
      'no chat or e-mail connector takes alerts: a test alert reaches nobody',
    );
    return;
  }
  const now = deps.clock.now().toISOString();
  const event: TriggerEvent = {
    id: `${launch.id}:PRELAUNCH-TEST:${runId}:firing`,
    launchId: launch.id,
    ruleId: 'PRELAUNCH-TEST',
    triggerId: 'PRELAUNCH-TEST',
    state: 'firing',
    level: 'info',
    value: null,
    reason: 'Test alert of the pre-launch validation — no action needed',
    at: now,
    firedAt: now,
    fireCount: 1,
  };
  let retrying = '';
  try {
    await createAlertRouter({ env: deps.env }).handle(event, { db: deps.db, clock: deps.clock });
  } catch (error) {
    retrying = error instanceof Error ? error.message : String(error);
  }
  const keys = connectors.map((connector) => alertDeliveryKey(event, connector));
  const rows = await deps.db
    .selectFrom('deliveries')
    .select(['key', 'state', 'error'])
    .where('key', 'in', keys)
    .execute();
  for (const [index, connector] of connectors.entries()) {
    const row = rows.find((r) => r.key === keys[index]);
    const sent = row?.state === 'sent';
    evidence.add(
      `test_alert:${connector.id}`,
      sent ? 'pass' : 'fail',
      sent
        ? `test alert delivered through ${connector.id} (${connector.vendor})`
        : `test alert through ${connector.id} (${connector.vendor}) ${row?.state ?? 'not sent'}: ${row?.error ?? retrying}`,
    );
  }
}

async function analyticsArriving(
  deps: GateDeps,
  evidence: Evidence,
  launch: GateLaunch,
): Promise<void> {
  const since = new Date(deps.clock.now().getTime() - DAY);
  const db = metricsDb(deps.db);
  const ventureLaunches = db
    .selectFrom('launches')
    .select('id')
    .where('venture_id', '=', launch.ventureId);
  const [samples, events] = await Promise.all([
    db
      .selectFrom('metric_samples')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('launch_id', 'in', ventureLaunches)
      .where('ts', '>=', since)
      .executeTakeFirst(),
    db
      .selectFrom('tracked_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('launch_id', 'in', ventureLaunches)
      .where('received_at', '>=', since)
      .executeTakeFirst(),
  ]);
  const count = { samples: Number(samples?.n ?? 0), events: Number(events?.n ?? 0) };
  evidence.add(
    'analytics',
    count.samples + count.events > 0 ? 'pass' : 'warn',
    `${count.samples} metric sample(s) and ${count.events} tracked event(s) of ${launch.ventureId} in the last 24 h`,
  );
}

async function publicUrlsResolve(
  deps: GateDeps,
  evidence: Evidence,
  launch: GateLaunch,
): Promise<void> {
  const resolve = hostResolverOf(deps);
  const { production_url, staging_url } = launch.plan.venture;
  for (const [check, url] of [
    ['dns:production', production_url],
    ['dns:staging', staging_url],
  ] as const) {
    const host = new URL(url).hostname;
    try {
      const addresses = await resolve(host);
      evidence.add(
        check,
        addresses.length > 0 ? 'pass' : 'fail',
        `${host} → ${addresses.join(', ') || 'no address'}`,
      );
    } catch (error) {
      evidence.add(
        check,
        'fail',
        `${host} does not resolve: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
