/**
 * The one way the trigger engine, reports and gates read a launch's metrics, whatever stores them
 * (pushed samples in PostgreSQL, LaunchCrew's own probes, Prometheus, Datadog).
 *
 * `value: null` means *no data* — a source that is down, a metric never reported — and is never
 * replaced by a zero: a missing uptime must not look like an outage, nor a missing error rate
 * like a healthy launch. `reason` then says why ("no samples in the last 5m",
 * "prometheus: timeout after 10s").
 */
export interface MetricReading {
  value: number | null;
  reason?: string;
  /** The source could not be asked at all (down, timing out, refusing), as opposed to having
   * answered with nothing; callers may stop asking it for a while. */
  unavailable?: boolean;
}

/** Reads metric `name` (a SPEC §5 name such as `uptime` or `error_rate`, or a custom series). */
export interface MetricReader {
  read(query: MetricQuery): Promise<MetricReading>;
}

/** What to read: one series of one launch, evaluated at `at` over an optional lookback window. */
export interface MetricQuery {
  launchId: string;
  name: string;
  labels?: Readonly<Record<string, string>>;
  at: Date;
  /** Lookback window in ms for rates and ratios (e.g. uptime over the last 5 minutes). */
  windowMs?: number;
}

/** A reading with no data and its reason. */
export function noData(reason: string): MetricReading {
  return { value: null, reason };
}
