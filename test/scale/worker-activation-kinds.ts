/** The activation job kinds that the worker processes of the scale tests run. */
import { createActivationCheckJob } from '../../src/activation/activation-check.ts';
import { createActivationControlJob } from '../../src/activation/activation-control.ts';
import { createActivationSendJob } from '../../src/activation/activation-send-job.ts';
import type { SecretEnv } from '../../src/connectors/connector-secrets.ts';
import type { AnyJobKind, JobPolicy } from '../../src/jobs/job-kind.ts';

/**
 * Crash-test policy: a killed worker's job is taken to have crashed after 2 s (not 40 s), so
 * that 50 kills fit in a test; retries start after 1 s.
 */
export const crashTestPolicy: Partial<JobPolicy> = {
  expireInSeconds: 2,
  retryDelaySeconds: 1,
  retryLimit: 20,
};

/**
 * `activation.send`, `activation.control` and `activation.check` with `crashTestPolicy`, secrets from `env`. The
 * test process and every worker must open their queues with the same kinds (same policy).
 *
 * @example
 * const queue = await JobQueue.open({ url, db, clock, kinds: workerActivationKinds(scaleEnv) });
 */
export function workerActivationKinds(env: SecretEnv): AnyJobKind[] {
  return [
    createActivationSendJob({ env }),
    createActivationControlJob({ env }),
    createActivationCheckJob({ env }),
  ].map((kind) => ({ ...kind, policy: crashTestPolicy }) as AnyJobKind);
}
