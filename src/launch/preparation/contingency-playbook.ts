/**
 * The contingency playbook (SPEC §1 31.1), one Markdown page rendered from the plan: the rollback
 * decision tree (the plan's or SPEC §3's default) and policy, the rollback steps, the
 * communication plan, the support surge plan and the marketing pause plan.
 */
import { defaultDecisionTree } from '../../incidents/decision-tree.ts';
import type { ParameterValues } from '../../plan/parameters.ts';
import { parameterValuesOf, resolveParameters } from '../../plan/resolve.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import type { DecisionBranch } from '../../plan/sections/incidents.ts';
import { markdownCell } from './markdown-cell.ts';

/**
 * Renders the playbook of `plan`; parameters default to the plan's own.
 *
 * @example
 * const markdown = renderPlaybook(plan);
 */
export function renderPlaybook(
  plan: LaunchPlan,
  parameters: ParameterValues = parameterValuesOf(resolveParameters({ plan })),
): string {
  return [
    `# Contingency playbook — ${plan.venture.name}`,
    '',
    ...decisionTreeSection(plan, parameters),
    ...rollbackStepsSection(plan),
    ...communicationSection(plan),
    ...supportSurgeSection(plan, parameters),
    ...marketingPauseSection(plan),
  ].join('\n');
}

function decisionTreeSection(plan: LaunchPlan, parameters: ParameterValues): string[] {
  const tree = plan.incidents?.decision_tree ?? defaultDecisionTree;
  const { rollback } = plan.runbooks;
  return [
    '## Rollback decision tree',
    '',
    `Source: ${plan.incidents?.decision_tree ? 'the plan (incidents.decision_tree)' : 'SPEC §3 defaults'}. The first branch whose conditions all hold sets the severity.`,
    '',
    '| # | When | Severity | Why |',
    '|---|---|---|---|',
    ...tree.map(
      (branch, index) =>
        `| ${index + 1} | ${conditionText(branch.when)} | ${branch.severity} | ${markdownCell(branch.why)} |`,
    ),
    '',
    `- LAUNCH-001 proposes a rollback when uptime < ${parameters.rollback_trigger_uptime} % or error rate > ${parameters.rollback_trigger_error_rate} %.`,
    `- Approvers: ${rollback.approvers === 'lead' ? 'the LEAD' : 'the LEAD or the DevOps on-call'}; approval timeout ${rollback.approval_timeout}, then ${rollback.on_approval_timeout === 'hold' ? 'hold (no rollback without approval)' : 'roll back automatically'}.`,
    `- P0: decide within ${plan.incidents?.p0_decision_minutes ?? 5} min, then ${plan.incidents?.p0_on_timeout ?? 'escalate'}; P1: decide within ${parameters.p1_rollback_decision_minutes} min.`,
    '',
  ];
}

function conditionText(when: DecisionBranch['when']): string {
  const parts = Object.entries(when).map(([key, value]) => `${key} ${String(value)}`);
  return parts.length === 0 ? 'always' : markdownCell(parts.join(' and '));
}

function rollbackStepsSection(plan: LaunchPlan): string[] {
  return [
    '## Rollback steps',
    '',
    ...plan.runbooks.rollback.steps.map((step, index) => {
      const via = step.connector ? ` via ${step.connector}` : '';
      const onFailure = step.on_failure ? `, on failure: ${step.on_failure}` : '';
      const about = step.description ? ` — ${step.description}` : '';
      return `${index + 1}. **${step.id}**: ${step.action}${via} (timeout ${step.timeout}${onFailure})${about}`;
    }),
    '',
  ];
}

function communicationSection(plan: LaunchPlan): string[] {
  const comms = plan.communications;
  const lines = ['## Communication plan', ''];
  if (!comms) {
    lines.push('Nobody is e-mailed by default (plan `communications` not set).');
  } else {
    for (const audience of ['users', 'press', 'investors'] as const) {
      const recipients = comms[audience];
      const who = [
        ...recipients.audiences.map((a) => `audience ${a}`),
        ...recipients.people.map((p) => `person ${p}`),
      ];
      lines.push(
        `- **${audience}**: ${who.length > 0 ? who.join(', ') : 'nobody'}; on ${recipients.statuses.join(', ')} of ${recipients.severities.join('/')} incidents.`,
      );
    }
    lines.push(
      `- **status page**: ${comms.status_page_severities.join('/')} incidents are posted.`,
    );
  }
  lines.push(
    '- **in-app banner** and the built-in status page follow every incident update.',
    `- **team**: alerts on ${
      plan.connectors
        .filter((c) => ['chat', 'paging'].includes(c.kind))
        .map((c) => c.id)
        .join(', ') || 'no chat or paging connector'
    }.`,
    '',
  );
  return lines;
}

function supportSurgeSection(plan: LaunchPlan, parameters: ParameterValues): string[] {
  const { support } = plan;
  const name = (id: string) => plan.people.find((p) => p.id === id)?.name ?? id;
  return [
    '## Support surge plan',
    '',
    `LAUNCH-003 fires above ${parameters.support_surge_threshold} tickets/hour or a mean first response above ${parameters.max_response_time} min.`,
    '',
    '| Person | From | To |',
    '|---|---|---|',
    ...support.roster.map(
      (shift) => `| ${markdownCell(name(shift.person))} | ${shift.from} | ${shift.to} |`,
    ),
    '',
    `Knowledge base: ${support.knowledge_base.url ?? 'no URL'} (${support.knowledge_base.articles.length} articles). Ticketing: ${support.ticketing ?? 'none configured'}.`,
    '',
    'Canned responses:',
    ...(support.canned_responses.length > 0
      ? support.canned_responses.map((r) => `- **${markdownCell(r.title)}** (${r.id})`)
      : ['- none']),
    '',
  ];
}

function marketingPauseSection(plan: LaunchPlan): string[] {
  const propose = plan.incidents?.propose_marketing_pause ?? true;
  return [
    '## Marketing pause plan',
    '',
    `${propose ? 'A marketing pause is proposed with every P0/P1 rollback proposal.' : 'Marketing pauses are not proposed automatically.'} Pausing needs the LEAD's approval (\`launchcrew approve <approvalId>\`); scheduled activations are cancelled or paused at the vendor, manual ones are stopped by their owner.`,
    '',
    '| Activation | Channel | At | How to pause |',
    '|---|---|---|---|',
    ...plan.activations.map(
      (a) =>
        `| ${a.id} | ${a.channel} | ${a.at} | ${a.connector ? `pause through connector ${a.connector}` : 'manual: do not publish / take it down'} |`,
    ),
    '',
  ];
}
