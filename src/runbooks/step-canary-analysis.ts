/**
 * The `canary_analysis` step of a canary deploy (SPEC §1 31.2, "5 % → 50 % → 100 % with analysis
 * between steps"): for the analysis interval, measured on the launch's clock, no LAUNCH-001 rule
 * of the launch may be pending or firing (the trigger engine evaluates them meanwhile from the
 * launch's metrics). The first such rule fails the step, and with it the deploy.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError } from '../shared/errors.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import type { RunbookStep } from './runbook-spec.ts';
import type { StepEnvironment } from './step-performers.ts';

/**
 * Watches the launch's LAUNCH-001 rule states for `step.analysis_ms`; resolves when none was
 * pending or firing, throws (not retryable) naming those that were.
 *
 * @example
 * await analyseCanary({ type: 'canary_analysis', id: 'canary-5-analysis', weight: 5, analysis_ms: 600_000, … }, environment);
 */
export async function analyseCanary(
  step: Extract<RunbookStep, { type: 'canary_analysis' }>,
  environment: StepEnvironment,
): Promise<string> {
  const launchId = environment.launchId;
  if (!launchId) {
    throw new OperationalError('canary analysis needs a launch', { retryable: false });
  }
  const started = environment.clock.now().getTime();
  for (;;) {
    const troubled = await withTriggerTables(environment.db)
      .selectFrom('trigger_rule_states')
      .select(['rule_id', 'state'])
      .where('launch_id', '=', launchId)
      .where('rule_id', 'like', 'LAUNCH-001%')
      .where('state', 'in', ['pending', 'firing'])
      .orderBy('rule_id')
      .execute();
    if (troubled.length > 0) {
      throw new OperationalError(
        `canary at ${step.weight} %: ${troubled.map((r) => `${r.rule_id} ${r.state}`).join(', ')}`,
        { retryable: false },
      );
    }
    if (environment.clock.now().getTime() - started >= step.analysis_ms) {
      return `canary at ${step.weight} %: no LAUNCH-001 rule pending or firing for ${step.analysis_ms} ms`;
    }
    try {
      await sleep(step.poll_ms, undefined, { signal: environment.signal });
    } catch {
      throw new OperationalError(`canary at ${step.weight} %: analysis timed out`, {
        retryable: false,
      });
    }
  }
}
