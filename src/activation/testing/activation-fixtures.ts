/** A plan with every kind of activation, for the MarketingOrchestrator tests. */
import { samplePlanYaml } from '../../api/test-harness.ts';

/**
 * The sample plan (T0 2026-02-03T09:00Z) plus SendGrid, Meta Ads and Slack connectors at fake
 * vendors, an inline audience, templates and five activations: `email_t0`, `ads_t0` and
 * `banner_t0` at T0, `email_t30` at T+30m, and the manual `press_t1h` at T+1h.
 *
 * @example
 * const yaml = activationPlanYaml({ sendgridUrl: sendgrid.url, metaUrl: meta.url });
 */
export function activationPlanYaml(urls: { sendgridUrl: string; metaUrl: string }): string {
  return `${samplePlanYaml}connectors:
  - id: esp
    kind: email
    vendor: sendgrid
    config:
      api_key_env: SENDGRID_API_KEY
      from_email: launch@notes.example.com
      base_url: ${urls.sendgridUrl}
  - id: meta
    kind: ads
    vendor: meta-ads
    config:
      access_token_env: META_ACCESS_TOKEN
      base_url: ${urls.metaUrl}
      campaign_id: "120330000012723217"
  - id: team-chat
    kind: chat
    vendor: slack
    config: { webhook_url_env: SLACK_WEBHOOK_URL }
audiences:
  - { id: beta, kind: inline, members: [eve@users.example, fay@users.example] }
templates:
  - id: launch-email
    channel: email
    subject: "{{ venture.name }} is live"
    body: "Try it: {{ links.product }}?ref=mail - docs https://notes.example.com/docs?utm_source=docs#start."
  - id: ads-on
    channel: ads
    body: "Ads for {{ venture.name }}"
  - id: banner
    channel: in_app_banner
    body: "{{ venture.name }} just launched: {{ links.product }}"
  - id: press-note
    channel: press
    body: "Press release for {{ venture.name }}"
activations:
  - { id: email_t0, channel: email, at: T0, connector: esp, template: launch-email, audience: beta }
  - { id: ads_t0, channel: ads, at: T0, connector: meta, template: ads-on }
  - { id: banner_t0, channel: in_app_banner, at: T0, template: banner }
  - { id: email_t30, channel: email, at: T+30m, connector: esp, template: launch-email, audience: beta }
  - { id: press_t1h, channel: press, at: T+1h, template: press-note }
`;
}

/**
 * Secrets of the connectors of `activationPlanYaml`; Slack posts to `slackUrl`.
 *
 * @example
 * const job = createActivationSendJob({ env: activationEnv() });
 */
export function activationEnv(slackUrl = 'http://127.0.0.1:9/unused') {
  return {
    SENDGRID_API_KEY: 'SG.test-key',
    META_ACCESS_TOKEN: 'meta-token',
    SLACK_WEBHOOK_URL: slackUrl,
  };
}
