/**
 * Warning the LEAD when the readiness score is below 70 % (SPEC §1 31.1): one message per
 * evaluation to the plan's leads on every chat connector that takes alerts (e-mail when there is
 * none), each sent once through the delivery ledger and audited.
 */
import { leadRecipients } from '../../alerts/alert-notice.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import { openMessageChannel } from '../../comms/comms-delivery.ts';
import { deliverOnce } from '../../deliveries/delivery-ledger.ts';
import type { GateDeps } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import type { GateReport, LeadWarning } from './gate-model.ts';
import { readinessWarningScore } from './readiness-score.ts';

/**
 * Sends the warning for `report`; deliveries that fail are listed, never thrown.
 *
 * @example
 * report.leadWarning = await warnLead(deps, launch, report);
 */
export async function warnLead(
  deps: GateDeps,
  launch: GateLaunch,
  report: GateReport,
): Promise<LeadWarning> {
  const { plan } = launch;
  const weakest = report.readiness.factors
    .filter((f) => f.score < 100)
    .map((f) => `${f.name} ${f.score} %`)
    .join(', ');
  const failing = report.gates.filter((g) => g.status === 'fail').map((g) => g.name);
  const message =
    `⚠️ Launch readiness ${report.readiness.score} % (< ${readinessWarningScore} %) — ${plan.venture.name}` +
    `${failing.length > 0 ? `; failing gates: ${failing.join(', ')}` : ''}; weakest: ${weakest}`;
  const recipients = leadRecipients(plan);
  const chats = plan.connectors.filter((c) => c.kind === 'chat' && c.config?.alerts !== false);
  const targets = chats.length > 0 ? chats : plan.connectors.filter((c) => c.kind === 'email');
  const warning: LeadWarning = { message, sent: [], failed: [] };
  for (const connector of targets) {
    try {
      const kind = connector.kind === 'chat' ? 'chat' : 'email';
      const channel = await openMessageChannel(plan, kind, connector.id, deps.env);
      const prepared = channel.prepareMessage({
        id: `gates:${report.id}:lead-warning`,
        title: message,
        text: message,
        recipients,
        sentAt: deps.clock.now(),
      });
      await deliverOnce(
        deps.db,
        deps.clock,
        {
          key: `gates:${report.id}:lead-warning:${connector.id}`,
          channel: connector.vendor,
          launchId: launch.id,
          request: { connector: connector.id, ...prepared.request },
        },
        prepared.send,
      );
      warning.sent.push(connector.id);
    } catch (error) {
      warning.failed.push(
        `${connector.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (targets.length === 0) warning.failed.push('no chat or e-mail connector in the plan');
  await recordAudit(deps.db, deps.clock, {
    actor: 'system:launchcrew',
    action: 'gates.lead_warned',
    subjectType: 'launch',
    subjectId: launch.id,
    launchId: launch.id,
    detail: { reportId: report.id, score: report.readiness.score, ...warning },
  });
  return warning;
}
