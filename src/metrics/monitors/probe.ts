/** One probe of either kind. */
import { probeHttp } from './http-probe.ts';
import type { HttpProbeTarget, ProbeOutcome, TcpProbeTarget } from './monitor-spec.ts';
import { probeTcp } from './tcp-probe.ts';

/**
 * Runs the probe that fits `target` (HTTP(S) or TCP) once.
 *
 * @example
 * const outcome = await runProbe(spec.target, { timeoutMs: spec.timeoutMs });
 */
export function runProbe(
  target: HttpProbeTarget | TcpProbeTarget,
  options: { timeoutMs: number; env?: Readonly<Record<string, string | undefined>> },
): Promise<ProbeOutcome> {
  return target.type === 'tcp' ? probeTcp(target, options) : probeHttp(target, options);
}
