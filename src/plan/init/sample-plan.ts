/**
 * The content of the plan `launchcrew init` writes: a complete, valid plan for a sample venture,
 * shaped by the preset (its channels, ad platforms and community settings decide which
 * connectors and activations exist).
 */
import type { ParameterValues } from '../parameters.ts';
import type { PresetName } from '../presets.ts';
import { parameterValuesOf, resolveParameters } from '../resolve.ts';
import type { LaunchPlanInput } from '../schema.ts';
import { firstLaunchDate } from './launch-date.ts';
import { activationsFor, connectorsFor, sampleTemplates } from './sample-channels.ts';

/** The sample venture of each preset and the parameters the plan sets itself. */
const sampleVentures: Record<
  PresetName,
  {
    venture: LaunchPlanInput['venture'];
    gtm: NonNullable<LaunchPlanInput['gtm']>;
    parameters: Partial<ParameterValues>;
    deployStrategy: 'blue_green' | 'rolling' | 'canary';
  }
> = {
  b2b_saas_launch: {
    venture: {
      id: 'acme-insights',
      name: 'Acme Insights',
      production_url: 'https://insights.acme.example',
      staging_url: 'https://staging.insights.acme.example',
      timezone: 'America/New_York',
      market_country: 'US',
    },
    gtm: { target_segment: 'Operations leads at 50–500 person companies', users_month1: 400 },
    parameters: { target_users_day1: 25, launch_season_preference: ['august', 'december'] },
    deployStrategy: 'blue_green',
  },
  consumer_app_launch: {
    venture: {
      id: 'pocket-chef',
      name: 'Pocket Chef',
      production_url: 'https://app.pocketchef.example',
      staging_url: 'https://staging.pocketchef.example',
      timezone: 'Europe/London',
      market_country: 'GB',
    },
    gtm: { target_segment: 'Home cooks aged 20–40 who plan meals weekly', users_month1: 20_000 },
    parameters: { target_users_day1: 1000, launch_season_preference: ['august', 'december'] },
    deployStrategy: 'canary',
  },
  developer_tool_launch: {
    venture: {
      id: 'tracelite',
      name: 'Tracelite',
      production_url: 'https://tracelite.example',
      staging_url: 'https://staging.tracelite.example',
      timezone: 'Europe/Berlin',
      market_country: 'DE',
    },
    gtm: { target_segment: 'Backend developers at start-ups running Node.js', users_month1: 2000 },
    parameters: { target_users_day1: 100, launch_season_preference: ['august', 'december'] },
    deployStrategy: 'rolling',
  },
};

const people: LaunchPlanInput['people'] = [
  {
    id: 'ana',
    name: 'Ana Lead',
    roles: ['lead', 'launch_coordinator'],
    contact: { email: 'ana@acme.example', slack: '@ana' },
  },
  {
    id: 'dev',
    name: 'Dev Oncall',
    roles: ['devops_oncall', 'devops_lead'],
    contact: { email: 'dev@acme.example', pagerduty: 'PDEV001', phone: '+14155550100' },
  },
  {
    id: 'mia',
    name: 'Mia Marketing',
    roles: ['marketing', 'marketing_lead'],
    contact: { email: 'mia@acme.example' },
  },
  {
    id: 'sam',
    name: 'Sam Support',
    roles: ['support', 'support_lead'],
    contact: { email: 'sam@acme.example', slack: '@sam' },
  },
];

function runbooksFor(strategy: 'blue_green' | 'rolling' | 'canary'): LaunchPlanInput['runbooks'] {
  const rollout =
    strategy === 'canary'
      ? {
          id: 'canary',
          action: 'set_canary_weight' as const,
          connector: 'kubernetes',
          timeout: '45m',
        }
      : {
          id: 'switch-traffic',
          action: 'switch_traffic' as const,
          connector: 'kubernetes',
          timeout: '10m',
        };
  return {
    deploy: {
      strategy,
      ...(strategy === 'canary' ? { canary_weights: [5, 50, 100], analysis_interval: '10m' } : {}),
      steps: [
        { id: 'migrate', action: 'run_migrations', connector: 'kubernetes', timeout: '15m' },
        rollout,
        { id: 'purge-cdn', action: 'purge_cdn', connector: 'cloudflare-cdn', timeout: '5m' },
        { id: 'health', action: 'health_check', timeout: '5m' },
        { id: 'live', action: 'declare_live', timeout: '1m' },
      ],
    },
    rollback: {
      approvers: 'lead_or_devops_oncall',
      approval_timeout: '15m',
      on_approval_timeout: 'hold',
      steps: [
        { id: 'revert-traffic', action: 'revert_traffic', connector: 'kubernetes', timeout: '10m' },
        {
          id: 'rollback-migrations',
          action: 'rollback_migrations',
          connector: 'kubernetes',
          timeout: '15m',
        },
        { id: 'purge-cdn', action: 'purge_cdn', connector: 'cloudflare-cdn', timeout: '5m' },
        { id: 'verify', action: 'verify_metrics', timeout: '30m' },
      ],
    },
  };
}

/**
 * The plan `init` writes for a preset. T0 is the first suitable day at least three weeks after
 * `now` (preset weekday and time, no public holiday, no avoided month).
 *
 * @example
 * samplePlan('developer_tool_launch', new Date()).venture.id; // 'tracelite'
 */
export function samplePlan(preset: PresetName, now: Date): LaunchPlanInput {
  const sample = sampleVentures[preset];
  const parameters = parameterValuesOf(
    resolveParameters({ plan: { parameters: sample.parameters }, preset }),
  );
  const { venture } = sample;
  return {
    version: 1,
    venture,
    gtm: sample.gtm,
    t0: firstLaunchDate(now, venture.market_country, venture.timezone, parameters),
    preset,
    parameters: sample.parameters,
    people,
    connectors: connectorsFor(parameters),
    monitors: [
      {
        id: 'homepage',
        type: 'http',
        url: venture.production_url,
        keyword: venture.name,
        interval: '30s',
        timeout: '10s',
        retries: 2,
      },
      {
        id: 'api-health',
        type: 'http',
        url: `${venture.production_url}/healthz`,
        expected_status: 200,
        interval: '15s',
        timeout: '5s',
        retries: 1,
      },
      {
        id: 'database',
        type: 'tcp',
        host: `db.${new URL(venture.production_url).host}`,
        port: 5432,
        interval: '60s',
        timeout: '5s',
      },
    ],
    metric_sources: [
      {
        id: 'prometheus',
        mode: 'query',
        connector: 'prometheus',
        queries: {
          error_rate:
            '100 * sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
          p95_response_time:
            'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))',
        },
      },
      { id: 'product-events', mode: 'push', metrics: ['new_users', 'returning_users_48h', 'nps'] },
    ],
    triggers: {
      builtin: {
        'LAUNCH-001': { notify: ['ana'] },
        'LAUNCH-003': { thresholds: { backlog_above: 150 } },
      },
      rules: [
        {
          id: 'signup-errors',
          summary: 'Sign-up is failing',
          expr: 'signup_error_rate > 2',
          for: '5m',
          keep_firing_for: '10m',
          no_data: 'keep_state',
          severity: 'P1',
          source: 'prometheus',
          notify: ['dev'],
        },
      ],
    },
    audiences: [
      {
        id: 'waitlist',
        kind: 'list',
        name: 'Launch waitlist',
        connector: 'sendgrid',
        list_id: 'waitlist-2026',
        expected_size: 1200,
      },
      {
        id: 'beta-users',
        kind: 'inline',
        name: 'Beta users',
        members: ['beta1@example.com', 'beta2@example.com'],
      },
    ],
    templates: sampleTemplates,
    activations: activationsFor(parameters),
    runbooks: runbooksFor(sample.deployStrategy),
    ...(parameters.paid_ads_enabled
      ? {
          budget: {
            paid_ads: {
              approved: true,
              approved_by: 'ana',
              daily_limit_usd: parameters.paid_ads_budget,
            },
          },
        }
      : {}),
    support: {
      ticketing: 'zendesk',
      roster: [
        { person: 'sam', from: 'T-2h', to: 'T+12h' },
        { person: 'ana', from: 'T+12h', to: 'T+1d' },
        { person: 'sam', from: 'T+1d', to: 'T+2d' },
        { person: 'mia', from: 'T+2d', to: 'T+3d' },
      ],
      knowledge_base: {
        url: `${venture.production_url}/help`,
        articles: [
          {
            id: 'getting-started',
            title: `Getting started with ${venture.name}`,
            features: ['onboarding'],
          },
          { id: 'billing', title: 'Plans and billing', features: ['billing'] },
        ],
      },
      canned_responses: [
        {
          id: 'known-issue',
          title: 'Known issue',
          body: 'Thanks for reporting this — we know about it and are working on a fix.',
        },
        {
          id: 'welcome',
          title: 'Welcome',
          body: 'Welcome aboard! Here is how to get started: {{ links.help }}',
        },
      ],
    },
  };
}
