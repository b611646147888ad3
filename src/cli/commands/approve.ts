import type { Command } from 'commander';
import { jobKinds } from '../../app/job-kinds.ts';
import { decideApproval } from '../../approvals/approval-service.ts';
import { systemClock } from '../../clock/clock.ts';
import { setIncidentDependencies } from '../../incidents/incident-dependencies.ts';
import { type ApprovalView, toApprovalView } from '../../incidents/incident-view.ts';
import { wiredIncidentDependencies } from '../../incidents/wired-dependencies.ts';
import type { AnyJobKind } from '../../jobs/job-kind.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { runbookStepJob } from '../../runbooks/runbook-executor.ts';
import { UserError } from '../../shared/errors.ts';
import { type CommandIo, cliActor, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

/**
 * `launchcrew approve <id> [--reject --reason <text>]`: decides a proposed rollback or marketing
 * pause against the store directly; approving starts the action (the rollback runbook's first
 * step is enqueued in the same transaction). Audited as `cli:<user>`.
 */
export function registerApproveCommand(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  program
    .command('approve <approvalId>')
    .description('Approve (or --reject) a proposed rollback or marketing pause')
    .option('--reject', 'reject instead of approving (needs --reason)')
    .option('--reason <text>', 'why (recorded in the audit log; required with --reject)')
    .option('--role <role>', 'the role you decide in: lead or devops_oncall', 'lead')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        approvalId: string,
        options: { reject?: boolean; reason?: string; role: string; json?: boolean },
      ) => {
        if (options.role !== 'lead' && options.role !== 'devops_oncall') {
          throw new UserError('invalid_request', '--role must be lead or devops_oncall', {
            path: ['role'],
          });
        }
        const role = options.role;
        const approval = await withStore(io, async (store) => {
          const queue = await JobQueue.open({
            url: store.url,
            db: store.db,
            clock: systemClock,
            kinds: queueKinds(),
          });
          setIncidentDependencies(
            wiredIncidentDependencies({ clock: systemClock, queue, env: process.env }),
          );
          try {
            const row = await decideApproval(store.db, systemClock, {
              approvalId,
              decision: options.reject ? 'reject' : 'approve',
              actor: cliActor(),
              role,
              via: 'cli',
              reason: options.reason,
            });
            return toApprovalView(row);
          } finally {
            setIncidentDependencies(null);
            await queue.stop();
          }
        });
        printResult(io, options.json === true, approval, renderDecision);
        exit(exitCodes.ok);
      },
    );
}

/** The worker's job kinds, with the runbook step the approval may enqueue. */
function queueKinds(): ReadonlyArray<AnyJobKind> {
  return jobKinds.some((kind) => kind.name === runbookStepJob.name)
    ? jobKinds
    : [...jobKinds, runbookStepJob as AnyJobKind];
}

function renderDecision(approval: ApprovalView): string {
  const action = approval.action.replace('_', ' ');
  const started = approval.result?.runId
    ? ` — rollback run ${String(approval.result.runId)} started`
    : '';
  return `${action} ${approval.id} ${approval.state} by ${approval.decidedBy}${started}`;
}
