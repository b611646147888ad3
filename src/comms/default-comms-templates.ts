/**
 * The built-in incident communication templates (LiquidJS, SPEC §3). A plan replaces any of them
 * with a template of the same purpose and channel. Variables: see `CommsModel`.
 */
/** A built-in template: the e-mail subject (e-mail only) and the body. */
export interface DefaultCommsTemplate {
  subject?: string;
  body: string;
}

const timeline = `{% for u in updates %}- {{ u.at }} {{ u.status_label }}: {{ u.message }}
{% endfor %}`;

/** Built-in templates by `<purpose>/<channel>` (incidents) or `success/<audience>`. */
export const defaultCommsTemplates: Readonly<Record<string, DefaultCommsTemplate>> = {
  'incident_user/in_app_banner': { body: '{{ incident.message }}' },
  'incident_user/status_page': { body: '{{ incident.message }}' },
  'incident_user/email': {
    subject: '[{{ venture.name }}] {{ incident.status_label }}: {{ incident.title }}',
    body: `Hello,

{{ incident.message }}

Status: {{ incident.status_label }} (since {{ incident.started_at }})

— The {{ venture.name }} team
`,
  },
  'incident_press/email': {
    subject: '{{ venture.name }}: statement on today’s service interruption',
    body: `We encountered a technical issue and reverted to ensure stability. {{ venture.name }} is available again{% if incident.resolved_at != "" %} since {{ incident.resolved_at }}{% endif %}, and no action is needed from users.

— {{ venture.name }}
`,
  },
  'incident_investor/email': {
    subject: '{{ venture.name }} incident summary: {{ incident.title }} ({{ incident.severity }})',
    body: `Incident summary
{{ incident.title }}: severity {{ incident.severity }}, started {{ incident.started_at }}{% if incident.resolved_at != "" %}, resolved {{ incident.resolved_at }} ({{ incident.duration_minutes }} min){% endif %}.

Resolution
{{ incident.message }}

Timeline
${timeline}
— LaunchCrew for {{ venture.name }}
`,
  },
  'success/internal': {
    body: `*{{ venture.name }} launch succeeded* :tada:
Validated {{ launch.validated_at }} (T0 {{ launch.t0 }}). Exit gates passed; handing off to Stage 32. Thank you, team!`,
  },
  'success/investors': {
    subject: '{{ venture.name }} launch: success criteria met',
    body: `{{ venture.name }} met its launch success criteria on {{ launch.validated_at }} (T0 {{ launch.t0 }}): uptime, user target, 48-hour return rate and NPS all at or above target.

— LaunchCrew for {{ venture.name }}
`,
  },
  'success/early_adopters': {
    subject: 'Thank you from {{ venture.name }}',
    body: `Thank you for being one of the first to use {{ venture.name }}. Your feedback shaped this launch, and we are just getting started.

— The {{ venture.name }} team
`,
  },
  'holding/in_app_banner': {
    body: 'We’re experiencing high traffic, please try again in a few minutes.',
  },
};
