/**
 * What a probe does and what it found: the plan's `monitors` entries in the form the probes and
 * the scheduler use (durations in ms, absolute end time), and the outcome of one probe.
 */
import type { z } from 'zod';
import { parseDuration, parseOffset } from '../../plan/durations.ts';
import type { monitorsSchema } from '../../plan/sections/monitors.ts';

/** A monitor as written in a validated plan (defaults applied). */
export type PlanMonitor = z.output<typeof monitorsSchema>[number];

/** Why a probe failed. `status` carries the HTTP code in the message. */
export const probeFailureReasons = [
  'dns',
  'refused',
  'reset',
  'tls',
  'timeout',
  'status',
  'keyword',
  'body_too_large',
  'other',
] as const;

/** One of `probeFailureReasons`. */
export type ProbeFailureReason = (typeof probeFailureReasons)[number];

/** An HTTP(S) check. Secret header values are resolved from the environment at probe time. */
export interface HttpProbeTarget {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST' | 'OPTIONS';
  expectedStatus: number;
  keyword?: string;
  headers: Readonly<Record<string, string>>;
  /** Header name → name of the environment variable holding its value. */
  headersEnv: Readonly<Record<string, string>>;
  body?: string;
}

/** A TCP connect check. */
export interface TcpProbeTarget {
  type: 'tcp';
  host: string;
  port: number;
}

/** One monitor of one launch, ready to schedule. */
export interface MonitorSpec {
  launchId: string;
  monitorId: string;
  target: HttpProbeTarget | TcpProbeTarget;
  intervalMs: number;
  timeoutMs: number;
  /** Failed attempts retried (state `pending`) before the monitor is `down`. */
  retries: number;
  /** The monitor stops probing at this instant. */
  runUntil: Date;
}

/** What one probe found. `latencyMs` is set whenever the target answered (even wrongly). */
export type ProbeOutcome =
  | { ok: true; latencyMs: number }
  | { ok: false; reason: ProbeFailureReason; message: string; latencyMs: number | null };

/**
 * The scheduler's view of a plan monitor: durations in ms and `run_until` resolved against T0,
 * capped by the end of the monitoring window.
 *
 * @example
 * toMonitorSpec('launch-uuid', planMonitor, { t0, monitoringEnd });
 * // { monitorId: 'homepage', intervalMs: 30_000, runUntil: monitoringEnd, … }
 */
export function toMonitorSpec(
  launchId: string,
  monitor: PlanMonitor,
  window: { t0: Date; monitoringEnd: Date },
): MonitorSpec {
  const offset = monitor.run_until === undefined ? undefined : parseOffset(monitor.run_until);
  const end = window.monitoringEnd.getTime();
  const runUntil = offset === undefined ? end : Math.min(end, window.t0.getTime() + offset);
  return {
    launchId,
    monitorId: monitor.id,
    target: toTarget(monitor),
    intervalMs: parseDuration(monitor.interval) ?? 60_000,
    timeoutMs: parseDuration(monitor.timeout) ?? 10_000,
    retries: monitor.retries,
    runUntil: new Date(runUntil),
  };
}

function toTarget(monitor: PlanMonitor): HttpProbeTarget | TcpProbeTarget {
  if (monitor.type === 'tcp') return { type: 'tcp', host: monitor.host, port: monitor.port };
  return {
    type: 'http',
    url: monitor.url,
    method: monitor.method,
    expectedStatus: monitor.expected_status,
    headers: monitor.headers ?? {},
    headersEnv: monitor.headers_env ?? {},
    ...(monitor.keyword === undefined ? {} : { keyword: monitor.keyword }),
    ...(monitor.body === undefined ? {} : { body: monitor.body }),
  };
}
