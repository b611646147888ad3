/** Plans, launches and probe data for the gate and preparation tests (not used in production). */
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../../../../test/database.ts';
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../../alerts/testing/smtp-test-server.ts';
import type { Clock } from '../../../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../../../connectors/testing/fake-vendor.ts';
import type { HttpProbeTarget, TcpProbeTarget } from '../../../metrics/monitors/monitor-spec.ts';
import { monitorDb } from '../../../metrics/monitors/monitor-store.ts';
import { runProbe } from '../../../metrics/monitors/probe.ts';
import type { Db } from '../../../store/database.ts';
import { createLaunch } from '../../launch-service.ts';
import type { GateDeps, ProbeRunner } from '../gate-deps.ts';

/** Where the test servers listen. */
export interface GateFixtureServers {
  smtpPort: number;
}

/**
 * A plan that passes every entry gate but ticketing: one e-mail activation through SMTP, a Slack
 * chat connector, monitors of the production site, a roster covering T-2h…T+3d, KB and canned
 * responses. `ventureId` keeps drills of different tests apart.
 *
 * @example
 * const plan = readyPlanData('tiny', { smtpPort: smtp.port });
 */
export function readyPlanData(ventureId: string, servers: GateFixtureServers) {
  return {
    version: 1,
    venture: {
      id: ventureId,
      name: 'Tiny',
      production_url: 'https://tiny.example',
      staging_url: 'https://staging.tiny.example',
      timezone: 'Europe/Paris',
      market_country: 'FR',
    },
    t0: '2026-06-09T10:00',
    parameters: { paid_ads_enabled: false },
    people: [
      {
        id: 'lea',
        name: 'Léa Lead',
        roles: ['lead', 'launch_coordinator'],
        contact: { email: 'lea@tiny.example', slack: '@lea' },
      },
      {
        id: 'ops',
        name: 'Ops Person',
        roles: ['devops_oncall', 'devops_lead'],
        contact: { pagerduty: 'POPS001' },
      },
      {
        id: 'mia',
        name: 'Mia Marketing',
        roles: ['marketing', 'marketing_lead'],
        contact: { email: 'mia@tiny.example' },
      },
      {
        id: 'sam',
        name: 'Sam Support',
        roles: ['support', 'support_lead'],
        contact: { email: 'sam@tiny.example' },
      },
    ],
    connectors: [
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: '127.0.0.1',
          port: servers.smtpPort,
          user: 'gates',
          password_env: 'GATES_SMTP_PASSWORD',
          from: 'launch@tiny.example',
          alerts: false,
        },
      },
      { id: 'team', kind: 'chat', vendor: 'slack', config: { webhook_url_env: 'GATES_SLACK_URL' } },
    ],
    monitors: [
      { id: 'home', type: 'http', url: 'https://tiny.example/', keyword: 'Tiny', interval: '30s' },
      { id: 'health', type: 'http', url: 'https://tiny.example/health', interval: '30s' },
    ],
    audiences: [
      {
        id: 'beta',
        kind: 'inline',
        name: 'Beta users',
        members: ['a@tiny.example', 'b@tiny.example'],
      },
    ],
    templates: [
      {
        id: 'hello',
        channel: 'email',
        subject: '{{ venture.name }} is live',
        body: 'Hi {{ recipient.first_name }}, {{ venture.name }} is live: {{ links.home }}',
      },
    ],
    activations: [
      {
        id: 'mail-beta',
        channel: 'email',
        at: 'T+15m',
        connector: 'mail',
        template: 'hello',
        audience: 'beta',
        utm: { source: 'email', medium: 'launch', campaign: 'mvp' },
      },
    ],
    runbooks: {
      deploy: { strategy: 'rolling', steps: [{ id: 'roll', action: 'switch_traffic' }] },
      rollback: {
        steps: [
          {
            id: 'back',
            action: 'revert_traffic',
            description: 'Point traffic at the previous release',
          },
          { id: 'check', action: 'health_check' },
        ],
      },
    },
    support: {
      roster: [
        { person: 'sam', from: 'T-2h', to: 'T+1d' },
        { person: 'lea', from: 'T+1d', to: 'T+2d' },
        { person: 'sam', from: 'T+2d', to: 'T+3d' },
      ],
      knowledge_base: {
        url: 'https://tiny.example/help',
        articles: [{ id: 'start', title: 'Getting started', features: ['onboarding'] }],
      },
      canned_responses: [{ id: 'known', title: 'Known issue', body: 'We are on it.' }],
    },
  };
}

/** Plan data as `readyPlanData` returns it, loose enough to be broken on purpose. */
export type GatePlanData = ReturnType<typeof readyPlanData>;

/**
 * Creates a launch of `plan` (as the lead); returns its id.
 *
 * @example
 * const launchId = await createGateLaunch({ db, clock }, readyPlanData('tiny', servers));
 */
export async function createGateLaunch(
  deps: { db: Db; clock: Clock },
  plan: unknown,
): Promise<string> {
  const { launch } = await createLaunch(deps, { planYaml: stringify(plan), actor: 'token:lea' });
  return launch.id;
}

/**
 * Stores one probe result per hour of `hours` before `now` for monitor `home` (interval 1 h),
 * `down` for the hours listed in `downHours` (counted back from now).
 *
 * @example
 * await recordHourlyProbes(db, launchId, clock.now(), 7 * 24, [3]);
 */
export async function recordHourlyProbes(
  db: Db,
  launchId: string,
  now: Date,
  hours: number,
  downHours: readonly number[] = [],
): Promise<void> {
  const hour = 3_600_000;
  const rows = Array.from({ length: hours }, (_, i) => {
    const back = hours - i;
    return {
      launch_id: launchId,
      monitor_id: 'home',
      at: new Date(now.getTime() - back * hour),
      status: downHours.includes(back) ? ('down' as const) : ('up' as const),
      latency_ms: 20,
      reason: null,
      message: null,
    };
  });
  await monitorDb(db).insertInto('probe_results').values(rows).execute();
  await monitorDb(db)
    .insertInto('monitor_states')
    .values({
      launch_id: launchId,
      monitor_id: 'home',
      status: 'up',
      consecutive_failures: 0,
      since: now,
      last_probe_at: now,
      interval_ms: hour,
    })
    .execute();
}

/**
 * Real probes with every URL's origin replaced by `siteUrl` (the plan's hosts do not resolve in
 * tests).
 *
 * @example
 * const probe = probesAt(site.url);
 */
export function probesAt(siteUrl: string): ProbeRunner {
  return (target: HttpProbeTarget | TcpProbeTarget, options) => {
    if (target.type === 'tcp') return runProbe(target, options);
    const url = new URL(target.url);
    return runProbe(
      { ...target, url: new URL(`${url.pathname}${url.search}`, siteUrl).href },
      options,
    );
  };
}

/** A gate test's database, SMTP server, production site and Slack webhook, and the deps using them. */
export interface GateTestBed {
  t: TestDatabase;
  smtp: TestSmtpServer;
  site: FakeVendor;
  slack: FakeVendor;
  deps: GateDeps;
}

/**
 * Starts a gate test bed for the enclosing `describe` (before its tests; stopped and the
 * database dropped after them): the plan of `readyPlanData` reaches its SMTP server with
 * `GATES_SMTP_PASSWORD`, its Slack webhook with `GATES_SLACK_URL`, and its site through `probe`.
 *
 * @example
 * const bed = gateTestBed(clock);
 * it('evaluates', async () => {
 *   const launchId = await createGateLaunch(bed.deps, readyPlanData('tiny', { smtpPort: bed.smtp.port }));
 * });
 */
export function gateTestBed(
  clock: Clock,
  extraDeps: Pick<GateDeps, 'resolveHost'> = {},
): GateTestBed {
  const bed = {} as GateTestBed;
  beforeAll(async () => {
    bed.t = await createTestDatabase();
    bed.smtp = await startTestSmtpServer({ user: 'gates', password: 'pw' });
    bed.site = await startFakeVendor({ status: 200, body: 'Tiny is up' });
    bed.slack = await startFakeVendor({ status: 200, body: 'ok' });
    bed.deps = {
      db: bed.t.db,
      clock,
      env: { GATES_SMTP_PASSWORD: 'pw', GATES_SLACK_URL: `${bed.slack.url}/hook` },
      probe: probesAt(bed.site.url),
      ...extraDeps,
    };
  });
  afterAll(async () => {
    await Promise.all([bed.smtp.close(), bed.site.close(), bed.slack.close()]);
    await bed.t.drop();
  });
  return bed;
}
