/**
 * A minimal Prometheus text exposition (format 0.0.4): counters and histograms kept in memory,
 * and gauges read at scrape time. Enough for the API's own metrics without a dependency.
 */

/** Content type of the Prometheus text format. */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** Label names to values of one series. */
export type Labels = Readonly<Record<string, string>>;

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

function header(name: string, help: string, type: 'counter' | 'gauge' | 'histogram'): string[] {
  return [
    `# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`,
    `# TYPE ${name} ${type}`,
  ];
}

/**
 * A counter with labels.
 *
 * @example
 * const requests = new Counter('http_requests_total', 'HTTP requests');
 * requests.inc({ method: 'GET', status: '200' });
 */
export class Counter {
  readonly #name: string;
  readonly #help: string;
  readonly #series = new Map<string, { labels: Labels; value: number }>();

  constructor(name: string, help: string) {
    this.#name = name;
    this.#help = help;
  }

  inc(labels: Labels, by = 1): void {
    const key = formatLabels(labels);
    const series = this.#series.get(key) ?? { labels, value: 0 };
    series.value += by;
    this.#series.set(key, series);
  }

  render(): string[] {
    const lines = header(this.#name, this.#help, 'counter');
    for (const { labels, value } of this.#series.values()) {
      lines.push(`${this.#name}${formatLabels(labels)} ${value}`);
    }
    return lines;
  }
}

/**
 * A histogram with labels and fixed upper bounds (in the unit of the observations).
 *
 * @example
 * const duration = new Histogram('http_request_duration_seconds', 'Latency', [0.01, 0.1, 1]);
 * duration.observe({ route: '/v1/launches' }, 0.042);
 */
export class Histogram {
  readonly #name: string;
  readonly #help: string;
  readonly #bounds: readonly number[];
  readonly #series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();

  constructor(name: string, help: string, bounds: readonly number[]) {
    this.#name = name;
    this.#help = help;
    this.#bounds = [...bounds].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const key = formatLabels(labels);
    const series = this.#series.get(key) ?? {
      labels,
      counts: this.#bounds.map(() => 0),
      sum: 0,
      count: 0,
    };
    this.#bounds.forEach((bound, i) => {
      if (value <= bound) series.counts[i] = (series.counts[i] ?? 0) + 1;
    });
    series.sum += value;
    series.count += 1;
    this.#series.set(key, series);
  }

  render(): string[] {
    const lines = header(this.#name, this.#help, 'histogram');
    for (const { labels, counts, sum, count } of this.#series.values()) {
      this.#bounds.forEach((bound, i) => {
        lines.push(
          `${this.#name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${counts[i] ?? 0}`,
        );
      });
      lines.push(`${this.#name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.#name}_sum${formatLabels(labels)} ${sum}`);
      lines.push(`${this.#name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}

/**
 * Renders a gauge from samples taken at scrape time.
 *
 * @example
 * renderGauge('process_uptime_seconds', 'Uptime', [{ labels: {}, value: process.uptime() }]);
 */
export function renderGauge(
  name: string,
  help: string,
  samples: ReadonlyArray<{ labels: Labels; value: number }>,
): string[] {
  return [
    ...header(name, help, 'gauge'),
    ...samples.map(({ labels, value }) => `${name}${formatLabels(labels)} ${value}`),
  ];
}
