/**
 * The demo's launch plan: the example venture ("Acme Notes") launched with a canary deploy, a
 * launch e-mail, social posts, an in-app banner, a press release and a go-live announcement,
 * incident communications and success announcements — every connector pointed at the demo's
 * local stand-ins (vendor receivers, SMTP capture), and every secret a demo value.
 */
import type { ExampleVenture } from '../../examples/venture/start.ts';
import type { DemoT0 } from './demo-t0.ts';

/** Where the demo's stand-ins listen. */
export interface DemoEndpoints {
  venture: ExampleVenture;
  /** Base URL of the vendor receivers. */
  vendors: string;
  smtpPort: number;
}

/** Demo values of the secrets the plan names (never real credentials). */
export const demoSecrets: Record<string, string> = {
  DEMO_SENDGRID_KEY: 'SG.demo-key-not-a-secret',
  DEMO_X_TOKEN: 'demo-x-user-token',
  DEMO_LINKEDIN_TOKEN: 'demo-linkedin-token',
  DEMO_PD_ROUTING_KEY: 'D3M0R0UT1NGKEY0123456789abcdefAB',
  DEMO_STATUSPAGE_KEY: 'demo-statuspage-key',
  DEMO_WEBHOOK_SECRET: 'demo-webhook-signing-secret',
  DEMO_SMTP_PASSWORD: 'demo-smtp-password',
  DEMO_ZENDESK_TOKEN: 'demo-zendesk-token',
};

const earlyAdopters = Array.from({ length: 40 }, (_, i) => `adopter${i + 1}@users.example`);

/**
 * The plan YAML for a launch at `t0` (local time in Europe/Berlin).
 *
 * @example
 * const yaml = demoPlanYaml(demoT0(new Date()), { venture, vendors: receivers.url, smtpPort: smtp.port });
 */
export function demoPlanYaml(t0: DemoT0, endpoints: DemoEndpoints): string {
  const { venture, vendors } = endpoints;
  const traffic = `url: "${venture.url}/admin/traffic"`;
  return `version: 1
venture:
  id: acme-notes-demo
  name: Acme Notes
  production_url: ${venture.url}
  staging_url: ${venture.url}
  timezone: Europe/Berlin
  market_country: DE
gtm:
  target_segment: Teams of 5–50 who take meeting notes
  users_month1: 1200
t0: ${t0.local}
preset: b2b_saas_launch
parameters:
  launch_day_of_week: ${t0.weekday}
  launch_time_of_day: '10:00'
  pre_launch_freeze: 24
  post_launch_monitoring: 7
  target_users_day1: 60
  target_users_week1: 300
  social_channels: [twitter, linkedin]
  paid_ads_enabled: false
  pr_outreach_enabled: true
people:
  - { id: ana, name: Ana Lead, roles: [lead, launch_coordinator], contact: { email: ana@acme.example, slack: U0ANALEAD } }
  - { id: olu, name: Olu Ops, roles: [devops_oncall, devops_lead], contact: { email: olu@acme.example } }
  - { id: mia, name: Mia Marketing, roles: [marketing, marketing_lead], contact: { email: mia@acme.example } }
  - { id: sam, name: Sam Support, roles: [support, support_lead], contact: { email: sam@acme.example } }
  - { id: ivy, name: Ivy Investor, roles: [viewer], contact: { email: ivy@fund.example } }
connectors:
  - { id: sendgrid, kind: email, vendor: sendgrid, config: { api_key_env: DEMO_SENDGRID_KEY, from_email: launch@acme.example, from_name: Acme Notes, base_url: "${vendors}" } }
  - { id: mail, kind: email, vendor: smtp, config: { host: 127.0.0.1, port: ${endpoints.smtpPort}, user: demo, password_env: DEMO_SMTP_PASSWORD, from: team@acme.example, timeout_seconds: 5 } }
  - { id: slack, kind: chat, vendor: webhook, config: { url: "${vendors}/hooks/slack", secret_env: DEMO_WEBHOOK_SECRET } }
  - { id: pagerduty, kind: paging, vendor: pagerduty, config: { routing_key_env: DEMO_PD_ROUTING_KEY, events_url: "${vendors}/v2/enqueue" } }
  - { id: x, kind: social, vendor: x, config: { access_token_env: DEMO_X_TOKEN, base_url: "${vendors}" } }
  - { id: linkedin, kind: social, vendor: linkedin, config: { access_token_env: DEMO_LINKEDIN_TOKEN, organization_urn: "urn:li:organization:1234", base_url: "${vendors}" } }
  - { id: statuspage, kind: status_page, vendor: statuspage, config: { page_id: acmedemo, api_key_env: DEMO_STATUSPAGE_KEY, api_url: "${vendors}/v1" } }
  - { id: stage32, kind: chat, vendor: webhook, config: { url: "${vendors}/hooks/stage32", secret_env: DEMO_WEBHOOK_SECRET, alerts: false, events: [MVP_LAUNCHED] } }
  - { id: zendesk, kind: ticketing, vendor: zendesk, config: { subdomain: acme, email: sam@acme.example, api_token_env: DEMO_ZENDESK_TOKEN, base_url: "${vendors}" } }
monitors:
  - { id: venture, type: http, url: ${venture.url}/healthz, run_until: T+7d }
metric_sources:
  - { id: app, mode: push, metrics: [uptime, error_rate] }
triggers:
  builtin:
    LAUNCH-003: { enabled: false }
audiences:
  - { id: early-adopters, kind: inline, name: Waitlist, members: [${earlyAdopters.join(', ')}] }
  - { id: press, kind: inline, name: Press list, members: [news@techpress.example, editor@startupdaily.example] }
templates:
  - id: launch-email
    channel: email
    subject: "{{ venture.name }} is live"
    body: "Hi there,\\n\\n{{ venture.name }} is live today. Start here: {{ links.home }}\\n"
  - { id: launch-post, channel: social, body: "{{ venture.name }} is live: meeting notes that write themselves. {{ links.home }}" }
  - { id: go-live-banner, channel: in_app_banner, body: "{{ venture.name }} is live — welcome aboard!" }
  - { id: go-live-chat, channel: chat, body: "{{ venture.name }} is live. Dashboard: {{ links.home }}" }
  - id: press-release
    channel: email
    subject: "{{ venture.name }} launches today"
    body: "{{ venture.name }} launches today for teams who take meeting notes. {{ links.home }}"
  - { id: community-post, channel: community, body: "Show HN: {{ venture.name }} {{ links.home }}" }
communications:
  users: { audiences: [early-adopters], connector: mail }
  investors: { people: [ivy], connector: mail }
  success:
    internal: { connector: slack }
    investors: { people: [ivy], connector: mail }
    early_adopters: { audiences: [early-adopters], connector: mail }
activations:
  - { id: launch-email, channel: email, at: T+0m, connector: sendgrid, template: launch-email, audience: early-adopters, utm: { source: newsletter, medium: email, campaign: acme-notes-launch } }
  - { id: x-post, channel: social, at: T+0m, connector: x, template: launch-post }
  - { id: linkedin-post, channel: social, at: T+0m, connector: linkedin, template: launch-post }
  - { id: in-app-banner, channel: in_app_banner, at: T+0m, template: go-live-banner }
  - { id: community-post, channel: community, at: T+30m, template: community-post, description: "Post on Hacker News by hand" }
  - { id: press-release, channel: email, at: T+2h, connector: mail, template: press-release, audience: press }
  - { id: go-live-announcement, channel: chat, at: T+2h, connector: slack, template: go-live-chat }
runbooks:
  deploy:
    strategy: canary
    canary_weights: [5, 50, 100]
    analysis_interval: 2m
    steps:
      - { id: canary, action: set_canary_weight, params: { ${traffic}, version: v2 } }
      - { id: health, action: health_check, params: { url: "${venture.url}/healthz" } }
      - { id: live, action: declare_live }
  rollback:
    approvers: lead
    steps:
      - { id: revert-traffic, action: revert_traffic, timeout: 30s, params: { ${traffic}, version: v1 } }
      - { id: purge, action: purge_cache, params: { url: "${venture.url}/admin/cache/purge" } }
      - { id: verify, action: verify_metrics, timeout: 10m, params: { error_rate_max: 1, hold: 2m, poll: 1s } }
support:
  ticketing: zendesk
  roster:
    - { person: sam, from: T-2h, to: T+36h }
    - { person: olu, from: T+36h, to: T+72h }
  knowledge_base:
    url: ${venture.url}/help
    articles:
      - { id: getting-started, title: Getting started, features: [notes, sharing] }
      - { id: ai-summaries, title: AI summaries, features: [summaries] }
  canned_responses:
    - { id: login, title: Login trouble, body: "Sorry about that — reset your password from the sign-in page." }
    - { id: thanks, title: Thanks, body: "Thank you for the feedback, we read every message." }
`;
}
