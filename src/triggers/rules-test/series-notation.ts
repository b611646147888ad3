/**
 * The input series of a rules-test file, in Prometheus's notation (`promtool test rules`):
 * a selector `metric{label="value"}` and values in expanding notation —
 * `a+bxN` (a, a+b, …, a+N·b), `a-bxN`, `axN` (N+1 times a), `_` (no sample), `_xN` (N of
 * them), `stale` (a staleness marker), plain numbers, `NaN`, `Inf`, `-Inf`.
 */

/** One value of a series: a number, no sample, or a staleness marker. */
export type SeriesValue = number | null | 'stale';

/** A parsed series selector. */
export interface SeriesSelector {
  metric: string;
  labels: Record<string, string>;
}

const number = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Inf|NaN`;
const expandingPattern = new RegExp(`^(${number})(?:([-+])(${number}))?x(\\d+)$`);
const numberPattern = new RegExp(`^(?:${number})$`);

/** A problem in series notation; `message` names the offending part. */
export class SeriesNotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesNotationError';
  }
}

/**
 * Expands a values string.
 *
 * @example
 * expandSeriesValues('1+1x2 _ stale 0x1'); // [1, 2, 3, null, 'stale', 0, 0]
 */
export function expandSeriesValues(text: string): SeriesValue[] {
  const values: SeriesValue[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    if (token === '_') values.push(null);
    else if (token === 'stale') values.push('stale');
    else if (/^_x\d+$/.test(token)) {
      for (let i = 0; i < Number(token.slice(2)); i++) values.push(null);
    } else if (numberPattern.test(token)) values.push(toNumber(token));
    else {
      const match = expandingPattern.exec(token);
      if (!match) throw new SeriesNotationError(`bad value '${token}' in '${text}'`);
      const [, start = '0', sign = '+', step = '0', times = '0'] = match;
      const delta = (sign === '-' ? -1 : 1) * toNumber(step);
      for (let i = 0; i <= Number(times); i++) values.push(toNumber(start) + i * delta);
    }
  }
  return values;
}

function toNumber(token: string): number {
  if (/^[-+]?Inf$/.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  return Number(token);
}

const selectorPattern = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/;
const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Parses `metric{label="value",…}`.
 *
 * @example
 * parseSeriesSelector('error_rate{service="api"}'); // { metric: 'error_rate', labels: { service: 'api' } }
 */
export function parseSeriesSelector(text: string): SeriesSelector {
  const match = selectorPattern.exec(text);
  if (!match) throw new SeriesNotationError(`bad series '${text}' (use metric{label="value"})`);
  const [, metric = '', body = ''] = match;
  const labels: Record<string, string> = {};
  for (const part of body.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    if (part.trim() === '') continue;
    const matcher = matcherPattern.exec(part);
    if (!matcher) throw new SeriesNotationError(`bad label '${part.trim()}' in series '${text}'`);
    const [, name = '', value = ''] = matcher;
    labels[name] = value.replace(/\\(.)/g, '$1');
  }
  return { metric, labels };
}
