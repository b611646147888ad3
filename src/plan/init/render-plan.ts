/**
 * Renders the plan `launchcrew init` writes: the sample plan of a preset as YAML, with a comment
 * that explains each section and every parameter with its range.
 */
import { stringify } from 'yaml';
import { type ParameterValues, parameterDefinitions, parameterNames } from '../parameters.ts';
import { type PresetName, presets } from '../presets.ts';
import { resolveParameters } from '../resolve.ts';
import type { PlanSectionName } from '../schema.ts';
import { samplePlan } from './sample-plan.ts';

const header = [
  'Check this plan with `launchcrew validate <file>`; every problem is reported with its line.',
  'Formats: t0 "2026-09-15T11:00" is wall-clock time in venture.timezone ("…Z" or "…+02:00"',
  'for an exact instant). Offsets from T0: "T0", "T+15m", "T-2h", "T+1d12h". Durations: "30s",',
  '"5m", "1h30m", "7d". Secrets are never written here: connector config names the environment',
  'variable that holds each one, in a key ending "_env".',
];

const sectionComments: Record<PlanSectionName, string[]> = {
  version: ['Version of the launch plan format.'],
  venture: [
    'The venture being launched. production_url is monitored; rollback drills run on staging_url.',
    'timezone (IANA) is where T0 and the launch day are read; market_country (ISO 3166-1',
    'alpha-2) decides which public holidays to avoid.',
  ],
  gtm: ['Go-to-market targets. target_users_week1 must not exceed users_month1.'],
  t0: ['T0: the go-live moment. It should match launch_day_of_week and launch_time_of_day.'],
  preset: ['Preset: b2b_saas_launch | consumer_app_launch | developer_tool_launch.'],
  parameters: [
    'Launch parameters (SPEC §4). Resolution: database override → this file → preset → default.',
    'Each line starting "# name:" shows the value in force; uncomment it to change it.',
  ],
  people: [
    'The launch team. Roles: lead, devops_oncall, marketing, support, viewer, launch_coordinator,',
    'devops_lead, marketing_lead, support_lead. At least one lead and one devops_oncall.',
    'Contact by email, slack ("@name"), phone (E.164) or pagerduty (user id).',
  ],
  connectors: [
    'Connections to vendors. kind: email | chat | paging | social | ads | status_page |',
    'ticketing | metric_source | deploy | dns | cdn | storage. Secrets: "<name>_env: VARIABLE".',
  ],
  monitors: [
    'Probes LaunchCrew runs itself (http or tcp). interval ≥ 5s; timeout < interval. One must',
    'probe production_url and run for the whole post_launch_monitoring window (run_until).',
  ],
  metric_sources: [
    'Where metrics come from: "query" a metric_source connector, or "push" to the ingest API.',
  ],
  triggers: [
    'LAUNCH-001…004 run with thresholds derived from the parameters; override any of them under',
    'builtin.<id>.thresholds. Custom rules follow Prometheus semantics: the condition must hold',
    'for "for"; no_data: keep_state | alert | ok; severity P0–P3.',
  ],
  audiences: ['Who e-mails go to: an inline list of members, or a list kept at a connector.'],
  templates: [
    'Message templates (LiquidJS). E-mail templates need a subject. purpose: launch |',
    'incident_user | incident_press | incident_investor | holding | success.',
  ],
  communications: [
    'Who is e-mailed during an incident: users, press, investors (audiences and people), on',
    'which statuses and severities; status_page_severities go to a status_page connector;',
    'success: launch success announcements to the team (chat), investors and early adopters.',
  ],
  activations: [
    'Marketing activations, each sent exactly once at its offset from T0. Without a connector',
    'an activation is a manual task on the timeline (not allowed for email, social, ads, chat,',
    'status_page). E-mail activations need a non-empty audience.',
  ],
  runbooks: [
    'Deploy and rollback runbooks: ordered, idempotent, timed steps. Rollback needs approval',
    '(approvers) within approval_timeout, else on_approval_timeout applies.',
  ],
  budget: ['Approved budgets. With paid_ads_enabled the ad budget must be approved.'],
  support: [
    'Support readiness: ticketing connector, roster (cover the first 72 h), knowledge base',
    'articles and canned responses.',
  ],
  incidents: [
    'Incident policy (optional): decision_tree (first branch that holds sets P0–P3), escalation',
    'when unacknowledged, P0 rollback decision time and default action (escalate | execute).',
  ],
};

function comment(lines: readonly string[], indent = ''): string {
  return lines.map((line) => `${indent}# ${line}`).join('\n');
}

function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function renderParameters(preset: PresetName, planValues: Partial<ParameterValues>): string {
  const resolved = resolveParameters({ plan: { parameters: planValues }, preset });
  const lines = parameterNames.map((name) => {
    const definition = parameterDefinitions[name];
    const { value, source } = resolved[name];
    const about = `${definition.description} Range: ${definition.range}. Default: ${flow(definition.default)}.`;
    const assignment = `${name}: ${flow(value)}`;
    const active = source === 'plan';
    const note = source === 'preset' ? `  # from preset ${preset}` : '';
    return `${comment([about], '  ')}\n  ${active ? '' : '# '}${assignment}${note}`;
  });
  return `parameters:\n${lines.join('\n')}`;
}

/**
 * The commented YAML of a new plan for `preset`.
 *
 * @example
 * renderPlan('b2b_saas_launch', { now: new Date(), schemaRef: '../schema/launch-plan.schema.json' });
 */
export function renderPlan(preset: PresetName, options: { now: Date; schemaRef: string }): string {
  const plan = samplePlan(preset, options.now) as Record<string, unknown>;
  const sections = (Object.keys(sectionComments) as PlanSectionName[])
    .filter((name) => plan[name] !== undefined)
    .map((name) => {
      const body =
        name === 'parameters'
          ? renderParameters(preset, plan.parameters as Partial<ParameterValues>)
          : stringify({ [name]: plan[name] }, { lineWidth: 0 }).trimEnd();
      return `${comment(sectionComments[name])}\n${body}`;
    });
  const intro = [
    `# yaml-language-server: $schema=${options.schemaRef}`,
    '#',
    comment([
      `LaunchCrew launch plan — preset ${preset}: ${presets[preset].description}`,
      ...header,
    ]),
  ];
  return `${[intro.join('\n'), ...sections].join('\n\n')}\n`;
}
