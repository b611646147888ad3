import type { AnyJobKind } from '../jobs/job-kind.ts';
import { launchMilestoneJob } from '../launch/milestone-job.ts';

/** Every kind of durable job the worker runs. Each domain folder defines its own kinds. */
export const jobKinds: ReadonlyArray<AnyJobKind> = [launchMilestoneJob as AnyJobKind];
