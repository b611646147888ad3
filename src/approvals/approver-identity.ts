/**
 * Who decides through Slack or a one-time link: a person of the launch's plan, matched by their
 * Slack member id or handle, or by the person id signed into the link. Only a lead or a DevOps
 * on-call may decide (403 otherwise).
 */
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import type { ApproverRole } from './approval-service.ts';
import { getApproval } from './approval-service.ts';

/** A person allowed to decide, with the role they decide in. */
export interface Approver {
  personId: string;
  name: string;
  role: ApproverRole;
}

/** How the caller names themselves. */
export type ApproverMatch =
  | { personId: string }
  | { slackUserId: string; slackUserName?: string | undefined };

/**
 * The plan person deciding approval `approvalId` (404 unknown approval, 403 not an approver).
 *
 * @example
 * const approver = await findApprover(db, approvalId, { slackUserId: 'U0123ABCD' });
 */
export async function findApprover(
  executor: DbExecutor,
  approvalId: string,
  match: ApproverMatch,
): Promise<Approver> {
  const approval = await getApproval(executor, approvalId);
  const launch = await executor
    .selectFrom('launches')
    .select('plan')
    .where('id', '=', approval.launch_id)
    .executeTakeFirstOrThrow();
  const people = (launch.plan as LaunchPlan).people;
  const person = people.find((candidate) =>
    'personId' in match
      ? candidate.id === match.personId
      : candidate.contact.slack === match.slackUserId ||
        (match.slackUserName !== undefined &&
          candidate.contact.slack === `@${match.slackUserName}`),
  );
  const role: ApproverRole | undefined = person?.roles.includes('lead')
    ? 'lead'
    : person?.roles.includes('devops_oncall')
      ? 'devops_oncall'
      : undefined;
  if (!person || !role) {
    throw new UserError(
      'forbidden',
      'only the LEAD or the DevOps on-call of this launch may decide',
      {
        status: 403,
      },
    );
  }
  return { personId: person.id, name: person.name, role };
}
