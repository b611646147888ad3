/** LaunchCrew's own probes must watch the production URL for the whole post-launch window. */
import { formatOffset, parseOffset } from '../durations.ts';
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

const day = 86_400_000;

function sameSite(url: string, productionUrl: string): boolean {
  try {
    return new URL(url).host === new URL(productionUrl).host;
  } catch {
    return false;
  }
}

/**
 * Errors when no HTTP monitor probes `venture.production_url`, or when every such monitor stops
 * (`run_until`) before the end of `post_launch_monitoring`.
 *
 * @example
 * checkMonitoringWindow(context); // [{ code: 'production_unmonitored', path: ['monitors'], … }]
 */
export function checkMonitoringWindow({ plan, parameters }: CheckContext): Finding[] {
  if (!plan.monitors || !plan.venture || !parameters) return [];
  const productionUrl = plan.venture.production_url;
  const production = plan.monitors
    .map((monitor, index) => ({ monitor, index }))
    .filter(({ monitor }) => monitor.type === 'http' && sameSite(monitor.url, productionUrl));
  if (production.length === 0) {
    return [
      {
        severity: 'error',
        path: ['monitors'],
        code: 'production_unmonitored',
        message: `no http monitor probes the production URL ${productionUrl}`,
        expected: `a monitor with type: http and a url on ${new URL(productionUrl).host}`,
      },
    ];
  }
  const needed = parameters.post_launch_monitoring * day;
  const runsLongEnough = production.some(({ monitor }) => {
    const until = monitor.run_until === undefined ? undefined : parseOffset(monitor.run_until);
    return until === undefined || until >= needed;
  });
  if (runsLongEnough) return [];
  return production.map(({ monitor, index }) => ({
    severity: 'error' as const,
    path: ['monitors', index, 'run_until'],
    code: 'monitoring_window_short',
    message: `monitor '${monitor.id}' stops at ${monitor.run_until} but post_launch_monitoring lasts ${parameters.post_launch_monitoring} days`,
    expected: `${formatOffset(needed)} or later (or no run_until)`,
  }));
}
