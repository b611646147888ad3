/** Launch plans for the scale tests and benchmarks: many ventures, many activations. */
import { samplePlanYaml } from '../../src/api/test-harness.ts';

/** T0 of every scale plan (the sample plan's Tuesday 10:00 Berlin). */
export const scaleT0 = new Date('2026-02-03T09:00:00Z');

/** Secrets of the scale plans' connectors. */
export const scaleEnv = { SENDGRID_API_KEY: 'SG.scale-key', HOOK_SECRET: 'hook-secret' };

/** Where a venture's SendGrid calls go: its own path on the shared fake vendor. */
export const venturePath = (n: number) => `/venture-${n}`;

/** Members of venture `n`'s inline audience. */
export const ventureAudience = (n: number) => [`eve@v${n}.example`, `fay@v${n}.example`];

/**
 * The plan of venture `n` (`venture-<n>`, "Venture <n>"), its SendGrid calls to
 * `<sendgridUrl>/venture-<n>` (its team chat, a signed webhook, at `…/chat`): `email_t0` at T0
 * and `email_t30` at T+30m to its own audience, `banner_t0` at T0. With `ventureUrl`, its deploy
 * switches that example venture's traffic to v2, checks its health and declares it live.
 *
 * @example
 * const yaml = venturePlanYaml(7, sendgrid.url);
 */
export function venturePlanYaml(n: number, sendgridUrl: string, ventureUrl?: string): string {
  const sample = ventureUrl
    ? samplePlanYaml.slice(0, samplePlanYaml.indexOf('runbooks:'))
    : samplePlanYaml;
  const base = sample
    .replaceAll('acme-notes', `venture-${n}`)
    .replaceAll('Acme Notes', `Venture ${n}`)
    .replaceAll('notes.example.com', `v${n}.example.com`);
  return `${base}${ventureUrl ? deployRunbooks(ventureUrl) : ''}${emailConnector(`${sendgridUrl}${venturePath(n)}`, `v${n}.example.com`)}  - id: team-chat
    kind: chat
    vendor: webhook
    config: { url: "${sendgridUrl}${venturePath(n)}/chat", secret_env: HOOK_SECRET }
audiences:
  - { id: beta, kind: inline, members: [${ventureAudience(n).join(', ')}] }
templates:
  - { id: mail, channel: email, subject: "{{ venture.name }} is live", body: "Try {{ venture.name }}: {{ links.product }}" }
  - { id: banner, channel: in_app_banner, body: "{{ venture.name }} just launched" }
activations:
  - { id: email_t0, channel: email, at: T0, connector: esp, template: mail, audience: beta }
  - { id: banner_t0, channel: in_app_banner, at: T0, template: banner }
  - { id: email_t30, channel: email, at: T+30m, connector: esp, template: mail, audience: beta }
`;
}

/** Blue-green deploy and rollback runbooks against the example venture at `ventureUrl`. */
function deployRunbooks(ventureUrl: string): string {
  const traffic = `url: "${ventureUrl}/admin/traffic"`;
  return `runbooks:
  deploy:
    strategy: blue_green
    steps:
      - { id: switch, action: switch_traffic, params: { ${traffic}, version: v2 } }
      - { id: health, action: health_check, params: { url: "${ventureUrl}/healthz" } }
      - { id: live, action: declare_live }
  rollback:
    steps:
      - { id: revert, action: revert_traffic, params: { ${traffic}, version: v1 } }
`;
}

/**
 * One launch with `count` activations, one a minute from T0 (`a<nnn>` at T+<n>m, four in a
 * minute): e-mails through SendGrid at `sendgridUrl` and, with `webhookUrl`, every other one a
 * chat message through the signed webhook.
 *
 * @example
 * const yaml = manyActivationsPlanYaml({ count: 200, sendgridUrl: vendor.url, webhookUrl: `${vendor.url}/hook` });
 */
export function manyActivationsPlanYaml(options: {
  count: number;
  sendgridUrl: string;
  webhookUrl?: string;
  perMinute?: number;
}): string {
  const perMinute = options.perMinute ?? 4;
  const activations = Array.from({ length: options.count }, (_, i) => {
    const minute = Math.floor(i / perMinute);
    const at = minute === 0 ? 'T0' : `T+${minute}m`;
    const chat = options.webhookUrl !== undefined && i % 2 === 1;
    return chat
      ? `  - { id: ${activationIdOf(i)}, channel: chat, at: ${at}, connector: hook, template: chat }`
      : `  - { id: ${activationIdOf(i)}, channel: email, at: ${at}, connector: esp, template: mail, audience: beta }`;
  });
  const hook = options.webhookUrl
    ? `  - id: hook
    kind: chat
    vendor: webhook
    config: { url: "${options.webhookUrl}", secret_env: HOOK_SECRET, alerts: false }
`
    : '';
  return `${samplePlanYaml}${emailConnector(options.sendgridUrl, 'notes.example.com')}${hook}audiences:
  - { id: beta, kind: inline, members: [eve@users.example] }
templates:
  - { id: mail, channel: email, subject: "{{ venture.name }} news", body: "News: {{ links.product }}" }
  - { id: chat, channel: chat, body: "{{ venture.name }} news in chat" }
activations:
${activations.join('\n')}
`;
}

/**
 * The id of the i-th activation of `manyActivationsPlanYaml`.
 *
 * @example
 * activationIdOf(7); // 'a007'
 */
export function activationIdOf(i: number): string {
  return `a${String(i).padStart(3, '0')}`;
}

function emailConnector(baseUrl: string, domain: string): string {
  return `connectors:
  - id: esp
    kind: email
    vendor: sendgrid
    config:
      api_key_env: SENDGRID_API_KEY
      from_email: launch@${domain}
      base_url: ${baseUrl}
`;
}
