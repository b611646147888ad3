import type { MetricSample } from '../samples/sample-store.ts';
import { type BatchBody, type ItemError, isRecord } from './batch-body.ts';

/** Prometheus metric name syntax. */
export const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const maxLabels = 20;
const maxLabelBytes = 2048;
/** Samples further ahead than this are refused (client clock skew). */
export const maxFutureSkewMs = 5 * 60_000;
/** Out-of-order samples are accepted this far back. */
export const maxSampleAgeMs = 60 * 60_000;
const nonFiniteSpellings = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Validates every sample of a batch at `now`: name, labels (≤ 20, ≤ 2 KB, string values), a
 * finite number value, and a timestamp (RFC 3339 string or Unix milliseconds; default `now`) no
 * more than 5 minutes ahead and no more than 1 hour back. Returns the samples and every error.
 *
 * @example
 * const { samples, errors } = validateSamples(splitBatchBody(text, type, 'samples'), clock.now());
 */
export function validateSamples(
  body: BatchBody,
  now: Date,
): { samples: MetricSample[]; errors: ItemError[] } {
  const samples: MetricSample[] = [];
  const errors: ItemError[] = [...body.errors];
  for (const { index, value } of body.items) {
    const path = body.pathOf(index);
    const problems = validateSample(value, now);
    if ('sample' in problems) samples.push(problems.sample);
    else
      errors.push(
        ...problems.errors.map((e) => ({ index, path: [...path, ...e.path], message: e.message })),
      );
  }
  errors.sort((a, b) => a.index - b.index);
  return { samples, errors };
}

type Problem = { path: string[]; message: string };

function validateSample(raw: unknown, now: Date): { sample: MetricSample } | { errors: Problem[] } {
  if (!isRecord(raw)) return { errors: [{ path: [], message: 'a sample must be a JSON object' }] };
  const errors: Problem[] = [];
  const name = raw.name;
  if (typeof name !== 'string' || !metricNamePattern.test(name)) {
    errors.push({
      path: ['name'],
      message: `name must match ${metricNamePattern.source}; got ${JSON.stringify(name)}`,
    });
  }
  const labels = validateLabels(raw.labels, errors);
  const value = validateValue(raw.value, errors);
  const ts = validateTimestamp(raw.timestamp, now, errors);
  if (errors.length > 0 || typeof name !== 'string' || value === null || ts === null) {
    return { errors };
  }
  return { sample: { name, labels, value, ts } };
}

function validateLabels(raw: unknown, errors: Problem[]): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    errors.push({ path: ['labels'], message: 'labels must be an object of strings' });
    return {};
  }
  const keys = Object.keys(raw);
  if (keys.length > maxLabels) {
    errors.push({ path: ['labels'], message: `at most ${maxLabels} labels; got ${keys.length}` });
  }
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes > maxLabelBytes) {
    errors.push({
      path: ['labels'],
      message: `labels take at most ${maxLabelBytes} bytes; got ${bytes}`,
    });
  }
  const labels: Record<string, string> = {};
  for (const key of keys) {
    const value = raw[key];
    if (!labelNamePattern.test(key)) {
      errors.push({
        path: ['labels', key],
        message: `label name must match ${labelNamePattern.source}`,
      });
    } else if (typeof value !== 'string') {
      errors.push({ path: ['labels', key], message: 'label values must be strings' });
    } else labels[key] = value;
  }
  return labels;
}

function validateValue(raw: unknown, errors: Problem[]): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  const message =
    typeof raw === 'string' && nonFiniteSpellings.test(raw.trim())
      ? `value must be a finite number; NaN and ±Infinity are not accepted (got "${raw}")`
      : `value must be a finite number; got ${JSON.stringify(raw) ?? 'nothing'}`;
  errors.push({ path: ['value'], message });
  return null;
}

function validateTimestamp(raw: unknown, now: Date, errors: Problem[]): Date | null {
  if (raw === undefined) return now;
  const ts =
    typeof raw === 'number' && Number.isFinite(raw)
      ? new Date(raw)
      : typeof raw === 'string' && /^\d{4}-\d\d-\d\dT/.test(raw)
        ? new Date(raw)
        : null;
  if (!ts || Number.isNaN(ts.getTime())) {
    errors.push({
      path: ['timestamp'],
      message: 'timestamp must be an RFC 3339 date-time or Unix milliseconds',
    });
    return null;
  }
  const ahead = ts.getTime() - now.getTime();
  if (ahead > maxFutureSkewMs) {
    errors.push({
      path: ['timestamp'],
      message: `timestamp ${ts.toISOString()} is ${Math.round(ahead / 1000)} s in the future (more than 5 min: check the sender's clock)`,
    });
    return null;
  }
  if (-ahead > maxSampleAgeMs) {
    errors.push({
      path: ['timestamp'],
      message: `timestamp ${ts.toISOString()} is older than the 1 h out-of-order window`,
    });
    return null;
  }
  return ts;
}
