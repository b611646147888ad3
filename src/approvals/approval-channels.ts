/**
 * Deciding through Slack buttons and one-time links: verify the request, spend its nonce (a
 * replayed Slack request or a reused link is refused), find the approver in the plan, decide.
 */
import type { Clock } from '../clock/clock.ts';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { ApprovalRow } from '../incidents/incident-tables.ts';
import { useNonce } from '../incidents/incident-tables.ts';
import { UserError } from '../shared/errors.ts';
import type { Db } from '../store/database.ts';
import { verifyApprovalLink } from './approval-link.ts';
import { type ApprovalDecision, decideApproval } from './approval-service.ts';
import { findApprover } from './approver-identity.ts';
import { verifySlackInteraction } from './slack-interaction.ts';

/**
 * Decides from a Slack button click (401 forged/stale, 409 replayed or already decided).
 *
 * @example
 * const approval = await decideFromSlack(db, clock, env, { timestamp, signature }, rawBody);
 */
export async function decideFromSlack(
  db: Db,
  clock: Clock,
  env: SecretEnv,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
): Promise<ApprovalRow> {
  const { nonce, click } = verifySlackInteraction(env, headers, rawBody, clock.now());
  if (!(await useNonce(db, clock.now(), nonce, 'slack_interaction'))) {
    throw new UserError('replayed', 'this Slack request was already received', { status: 401 });
  }
  const approver = await findApprover(db, click.approvalId, {
    slackUserId: click.slackUserId,
    slackUserName: click.slackUserName,
  });
  return decideApproval(db, clock, {
    approvalId: click.approvalId,
    decision: click.decision,
    actor: `slack:${approver.personId}`,
    role: approver.role,
    via: 'slack',
    reason: click.decision === 'reject' ? `rejected in Slack by ${approver.name}` : undefined,
  });
}

/**
 * Decides through a one-time link (403 tampered, 410 expired, 409 reused or already decided).
 *
 * @example
 * await decideFromLink(db, clock, env, { approvalId, token, decision: 'reject', reason: 'traffic recovering' });
 */
export async function decideFromLink(
  db: Db,
  clock: Clock,
  env: SecretEnv,
  request: {
    approvalId: string;
    token: string;
    decision: ApprovalDecision['decision'];
    reason?: string | undefined;
  },
): Promise<ApprovalRow> {
  const claims = verifyApprovalLink(env, request.token, request.approvalId, clock.now());
  if (request.decision === 'reject' && !request.reason?.trim()) {
    throw new UserError('invalid_request', 'a reason is required to reject', { path: ['reason'] });
  }
  const approver = await findApprover(db, request.approvalId, { personId: claims.personId });
  if (!(await useNonce(db, clock.now(), `link:${claims.nonce}`, 'approval_link'))) {
    throw new UserError('link_used', 'this approval link was already used', { status: 409 });
  }
  return decideApproval(db, clock, {
    approvalId: request.approvalId,
    decision: request.decision,
    actor: `link:${approver.personId}`,
    role: approver.role,
    via: 'link',
    reason: request.reason,
  });
}

/**
 * Checks a link for its confirmation page without spending it.
 *
 * @example
 * const { approver } = await inspectLink(db, clock, env, approvalId, token);
 */
export async function inspectLink(
  db: Db,
  clock: Clock,
  env: SecretEnv,
  approvalId: string,
  token: string,
): Promise<{ personName: string }> {
  const claims = verifyApprovalLink(env, token, approvalId, clock.now());
  const used = await db
    .withTables<{ used_nonces: { nonce: string } }>()
    .selectFrom('used_nonces')
    .select('nonce')
    .where('nonce', '=', `link:${claims.nonce}`)
    .executeTakeFirst();
  if (used)
    throw new UserError('link_used', 'this approval link was already used', { status: 409 });
  const approver = await findApprover(db, approvalId, { personId: claims.personId });
  return { personName: approver.name };
}
