/** Thresholds must be ordered: rollback is stricter than an incident; validation fits monitoring. */
import type { ParameterName, ParameterValues } from '../parameters.ts';
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

type Ordering = { below: ParameterName; above: ParameterName; why: string };

const orderings: Ordering[] = [
  {
    below: 'rollback_trigger_uptime',
    above: 'min_uptime_threshold',
    why: 'a rollback is proposed at a lower uptime than an incident is opened',
  },
  {
    below: 'max_error_rate',
    above: 'rollback_trigger_error_rate',
    why: 'a rollback is proposed at a higher error rate than an incident is opened',
  },
  {
    below: 'success_validation_window',
    above: 'post_launch_monitoring',
    why: 'LAUNCH-004 validates success within the monitoring phase',
  },
];

/**
 * Errors for parameters whose relative order makes triggers meaningless.
 *
 * @example
 * checkThresholdOrder(context); // [{ code: 'threshold_order', path: ['parameters', 'rollback_trigger_uptime'], … }]
 */
export function checkThresholdOrder({ parameters }: CheckContext): Finding[] {
  if (!parameters) return [];
  const value = (name: ParameterName) => Number((parameters as ParameterValues)[name]);
  return orderings
    .filter(({ below, above }) => value(below) > value(above))
    .map(({ below, above, why }) => ({
      severity: 'error' as const,
      path: ['parameters', below],
      code: 'threshold_order',
      message: `${below} (${value(below)}) must not exceed ${above} (${value(above)}): ${why}`,
    }));
}
