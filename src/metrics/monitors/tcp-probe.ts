/** The TCP probe: a connect within the timeout, then a clean close. */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProbeOutcome, TcpProbeTarget } from './monitor-spec.ts';
import { failure, failureOf } from './probe-failure.ts';

/**
 * Connects to `host:port`; up when the connection opens, latency = connect time.
 *
 * @example
 * await probeTcp({ type: 'tcp', host: 'db.acme.example', port: 5432 }, { timeoutMs: 5_000 });
 * // { ok: false, reason: 'refused', message: 'ECONNREFUSED: connect …', latencyMs: null }
 */
export function probeTcp(
  target: TcpProbeTarget,
  options: { timeoutMs: number },
): Promise<ProbeOutcome> {
  const started = performance.now();
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(outcome);
    };
    const socket = net.connect({ host: target.host, port: target.port });
    const deadline = setTimeout(() => {
      finish(failure('timeout', `no connection within ${options.timeoutMs} ms`, null));
    }, options.timeoutMs);
    socket.once('connect', () => {
      finish({ ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 });
    });
    socket.once('error', (error) => finish(failureOf(error, null)));
  });
}
