/**
 * Asks the approvers for a decision as soon as a rollback or marketing pause is proposed:
 * - every Slack connector of the plan gets an interactive message (Block Kit) with the evidence
 *   and Approve / Reject buttons (`action_id` approve|reject, `value` the approval id), whose
 *   clicks come back signed to `POST /v1/slack/interactions`;
 * - every e-mail connector without a fixed `to` list e-mails each lead and DevOps on-call their
 *   own one-time link (`LAUNCHCREW_APPROVAL_LINK_SECRET`, public address `LAUNCHCREW_PUBLIC_URL`).
 * Each message is sent once through the delivery ledger.
 */
import { z } from 'zod';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import { postJson } from '../alerts/channels/post-json.ts';
import { manifest as slackManifest } from '../alerts/channels/slack/manifest.ts';
import { parseConnectorConfig } from '../connectors/connector-manifest.ts';
import { readSecret } from '../connectors/connector-secrets.ts';
import { deliverOnce } from '../deliveries/delivery-ledger.ts';
import { incidentDependencies } from '../incidents/incident-dependencies.ts';
import { type ApprovalRow, withIncidentTables } from '../incidents/incident-tables.ts';
import { defineJob } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { approvalLinkSecretEnv, signApprovalLink } from './approval-link.ts';

/** Where approval links point: `LAUNCHCREW_PUBLIC_URL`, else the local API. */
export const publicUrlEnv = 'LAUNCHCREW_PUBLIC_URL';

/**
 * The Slack message asking for a decision on `approval`.
 *
 * @example
 * await postJson({ vendor: 'slack', url, body: JSON.stringify(approvalSlackMessage(approval, 'Acme')) });
 */
export function approvalSlackMessage(approval: ApprovalRow, ventureName: string) {
  const action = approval.action === 'rollback' ? 'Roll back' : 'Pause marketing';
  const evidence = approval.evidence as { reason?: unknown; why?: unknown };
  const text = `${action}? ${approval.severity} incident on ${ventureName}: ${String(evidence.reason ?? '')} — decide before ${approval.deadline_at.toISOString()} (then: ${approval.on_timeout})`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${action}?* ${approval.severity} — ${ventureName}` },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Evidence*\n${String(evidence.reason ?? '—')}` },
          { type: 'mrkdwn', text: `*Classified*\n${String(evidence.why ?? '—')}` },
          { type: 'mrkdwn', text: `*Decide before*\n${approval.deadline_at.toISOString()}` },
          { type: 'mrkdwn', text: `*Then*\n${approval.on_timeout}` },
        ],
      },
      {
        type: 'actions',
        block_id: `approval:${approval.id}`,
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            value: approval.id,
            style: 'danger',
            text: { type: 'plain_text', text: 'Approve' },
          },
          {
            type: 'button',
            action_id: 'reject',
            value: approval.id,
            text: { type: 'plain_text', text: 'Reject' },
          },
        ],
      },
    ],
  };
}

/**
 * Sends the decision request of a new approval (queued by `proposeApprovals`).
 *
 * @example
 * await scheduleWork(trx, clock, { kind: approvalRequestJob, data: { approvalId }, dueAt: clock.now(), dedupKey });
 */
export const approvalRequestJob = defineJob<{ approvalId: string }>({
  name: 'approval.request',
  payload: z.object({ approvalId: z.string() }),
  async run({ approvalId }, { db, clock }) {
    const approval = await withIncidentTables(db)
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', approvalId)
      .executeTakeFirst();
    if (approval?.state !== 'pending') return;
    const launch = await db
      .selectFrom('launches')
      .select('plan')
      .where('id', '=', approval.launch_id)
      .executeTakeFirstOrThrow();
    const plan = launch.plan as LaunchPlan;
    const { env } = incidentDependencies();
    for (const connector of plan.connectors.filter(
      (c) => c.vendor === 'slack' && c.config?.alerts !== false,
    )) {
      const config = parseConnectorConfig(
        slackManifest as { vendor: string; config: z.ZodType<{ webhook_url_env: string }> },
        connector,
      );
      const message = approvalSlackMessage(approval, plan.venture.name);
      await deliverOnce(
        db,
        clock,
        {
          key: `approval:${approval.id}:request:slack:${connector.id}`,
          channel: 'slack',
          launchId: approval.launch_id,
          request: message,
        },
        async () => {
          const url = readSecret(env, {
            connectorId: connector.id,
            key: 'webhook_url_env',
            variable: config.webhook_url_env,
          });
          const answer = await postJson({ vendor: 'slack', url, body: JSON.stringify(message) });
          return { http_status: answer.status, body: answer.text };
        },
      );
    }
    if (!env[approvalLinkSecretEnv]) return;
    const approvers = plan.people.filter(
      (person) =>
        person.contact.email &&
        (person.roles.includes('lead') || person.roles.includes('devops_oncall')),
    );
    const manifests = await alertChannelManifests();
    const base = env[publicUrlEnv] ?? 'http://127.0.0.1:7300';
    for (const connector of plan.connectors.filter(
      (c) => c.kind === 'email' && c.config?.to === undefined,
    )) {
      const channel = manifests.find((m) => m.vendor === connector.vendor)?.open(connector, env);
      for (const person of approvers) {
        const token = signApprovalLink(env, {
          approvalId: approval.id,
          personId: person.id,
          expiresAt: approval.deadline_at,
        });
        const link = `${base}/v1/approvals/${approval.id}/decide?token=${token}`;
        const prepared = channel?.prepareMessage?.({
          id: `approval:${approval.id}:${person.id}`,
          title: `Decision needed: ${approval.action.replace('_', ' ')} (${approval.severity}) — ${plan.venture.name}`,
          text: `${person.name}, LaunchCrew proposes a ${approval.action.replace('_', ' ')}. Review the evidence and decide (one-time link, valid until ${approval.deadline_at.toISOString()}):\n${link}`,
          recipients: [{ id: person.id, name: person.name, email: person.contact.email }],
          sentAt: clock.now(),
        });
        if (!prepared) continue;
        await deliverOnce(
          db,
          clock,
          {
            key: `approval:${approval.id}:request:${connector.vendor}:${connector.id}:${person.id}`,
            channel: connector.vendor,
            launchId: approval.launch_id,
            request: { connector: connector.id, to: person.id },
          },
          prepared.send,
        );
      }
    }
  },
});
