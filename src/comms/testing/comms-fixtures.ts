/** A plan with every incident communication configured, for the comms tests. */
import { samplePlanYaml } from '../../api/test-harness.ts';

/**
 * The sample plan plus SMTP, Slack and Statuspage connectors, audiences, press and success
 * templates and the `communications` section.
 *
 * @example
 * const yaml = commsPlanYaml({ smtpPort: smtp.port, statuspageUrl: fake.url });
 */
export function commsPlanYaml(options: {
  smtpPort: number;
  statuspageUrl: string;
  investorTemplate?: string;
}): string {
  return `${samplePlanYaml}connectors:
  - id: mail
    kind: email
    vendor: smtp
    config:
      host: 127.0.0.1
      port: ${options.smtpPort}
      user: comms
      password_env: SMTP_COMMS_PASSWORD
      from: status@notes.example.com
      timeout_seconds: 5
  - id: team-chat
    kind: chat
    vendor: slack
    config: { webhook_url_env: SLACK_COMMS_WEBHOOK_URL }
  - id: statuspage
    kind: status_page
    vendor: statuspage
    config:
      page_id: pg123
      api_key_env: STATUSPAGE_API_KEY
      component_ids: [cmp-web, cmp-api]
      api_url: ${options.statuspageUrl}/v1
audiences:
  - { id: early-adopters, kind: inline, members: [eve@users.example, fay@users.example] }
  - { id: press-desk, kind: inline, members: [desk@press.example] }
templates:
  - id: press-statement
    channel: email
    purpose: incident_press
    subject: "{{ venture.name }} statement"
    body: "We encountered a technical issue and reverted to ensure stability. ({{ incident.title }}, {{ incident.duration_minutes }} min)"
  - id: investor-success
    channel: email
    purpose: success
    subject: "{{ venture.name }} hit its launch targets"
    body: "Validated {{ launch.validated_at }}."
${
  options.investorTemplate
    ? `  - id: investor-note
    channel: email
    purpose: incident_investor
    subject: "Update"
    body: ${JSON.stringify(options.investorTemplate)}
`
    : ''
}communications:
  users: { audiences: [early-adopters] }
  press: { audiences: [press-desk] }
  investors: { people: [ana] }
  success:
    internal: {}
    investors: { people: [ana], template: investor-success }
    early_adopters: { audiences: [early-adopters] }
`;
}

/**
 * Secrets of the connectors of `commsPlanYaml`; Slack posts to `slackUrl`.
 *
 * @example
 * const job = createCommsSendJob({ env: commsEnv(slack.url) });
 */
export function commsEnv(slackUrl = 'http://127.0.0.1:9/unused') {
  return {
    SMTP_COMMS_PASSWORD: 'pw-comms',
    STATUSPAGE_API_KEY: 'sp-key',
    SLACK_COMMS_WEBHOOK_URL: slackUrl,
  };
}
