import { activationCheckJob } from '../activation/activation-check.ts';
import { activationControlJob } from '../activation/activation-control.ts';
import { activationSendJob } from '../activation/activation-send-job.ts';
import { approvalRequestJob } from '../approvals/approval-request.ts';
import { approvalDeadlineJob } from '../approvals/approval-service.ts';
import { commsSendJob } from '../comms/comms-send-job.ts';
import { launchSuccessJob } from '../comms/launch-success.ts';
import { acknowledgeDeadlineJob, escalationNoticeJob } from '../incidents/escalation.ts';
import { incidentPagerDutyJob } from '../incidents/pagerduty-sync.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { launchDeployJob } from '../launch/deploy.ts';
import { handoffJob } from '../launch/handoff/handoff-job.ts';
import { outcomeRequestJob } from '../launch/handoff/outcome-decision.ts';
import { launchMilestoneJob } from '../launch/milestone-job.ts';
import { reportSendJob } from '../reports/report-job.ts';
import { runbookStepJob } from '../runbooks/runbook-executor.ts';
import { defineRunbookFinishedJob } from '../runbooks/runbook-finished.ts';
import { defineTriggerEventJob } from '../triggers/trigger-event-job.ts';
import { runbookFinishedHandlers } from './runbook-handlers.ts';
import { triggerEventHandlers } from './trigger-handlers.ts';

/** The `trigger.event` job, running every registered trigger event handler. */
export const triggerEventJob = defineTriggerEventJob(triggerEventHandlers);

/** The `runbook.finished` job, running every registered handler of finished runs. */
export const runbookFinishedJob = defineRunbookFinishedJob(runbookFinishedHandlers);

/** Every kind of durable job the worker runs. Each domain folder defines its own kinds. */
export const jobKinds: ReadonlyArray<AnyJobKind> = [
  activationSendJob as AnyJobKind,
  activationControlJob as AnyJobKind,
  activationCheckJob as AnyJobKind,
  launchMilestoneJob as AnyJobKind,
  launchDeployJob as AnyJobKind,
  triggerEventJob as AnyJobKind,
  reportSendJob as AnyJobKind,
  incidentPagerDutyJob as AnyJobKind,
  escalationNoticeJob as AnyJobKind,
  acknowledgeDeadlineJob as AnyJobKind,
  approvalDeadlineJob as AnyJobKind,
  approvalRequestJob as AnyJobKind,
  commsSendJob as AnyJobKind,
  launchSuccessJob as AnyJobKind,
  runbookStepJob as AnyJobKind,
  runbookFinishedJob as AnyJobKind,
  handoffJob as AnyJobKind,
  outcomeRequestJob as AnyJobKind,
];
