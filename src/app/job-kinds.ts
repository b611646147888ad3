import type { AnyJobKind } from '../jobs/job-kind.ts';
import { launchMilestoneJob } from '../launch/milestone-job.ts';
import { reportSendJob } from '../reports/report-job.ts';
import { defineTriggerEventJob } from '../triggers/trigger-event-job.ts';
import { triggerEventHandlers } from './trigger-handlers.ts';

/** The `trigger.event` job, running every registered trigger event handler. */
export const triggerEventJob = defineTriggerEventJob(triggerEventHandlers);

/** Every kind of durable job the worker runs. Each domain folder defines its own kinds. */
export const jobKinds: ReadonlyArray<AnyJobKind> = [
  launchMilestoneJob as AnyJobKind,
  triggerEventJob as AnyJobKind,
  reportSendJob as AnyJobKind,
];
