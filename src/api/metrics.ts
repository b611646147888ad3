import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { DbExecutor } from '../store/database.ts';
import { Counter, Histogram, renderGauge } from './prometheus.ts';
import { launchStates } from './schemas.ts';

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The API's Prometheus metrics: request counts and latencies by route template (so ids do not
 * explode the series), plus launches by state read from the database at scrape time.
 *
 * @example
 * const metrics = new ApiMetrics();
 * app.use('*', metrics.middleware);
 * const text = await metrics.render(db, '0.1.0');
 */
export class ApiMetrics {
  readonly #requests = new Counter(
    'http_requests_total',
    'HTTP requests by method, route and status.',
  );
  readonly #durations = new Histogram(
    'http_request_duration_seconds',
    'HTTP request duration in seconds by method and route.',
    durationBuckets,
  );

  /** Counts and times every request, including those answered with an error. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routeLabel(routePath(c, -1));
      const seconds = (performance.now() - started) / 1000;
      this.#requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      this.#durations.observe({ method: c.req.method, route }, seconds);
    }
  };

  /** The exposition text; a database that cannot be read shows as `launchcrew_database_up 0`. */
  async render(db: DbExecutor, version: string): Promise<string> {
    const launches = await countLaunchesByState(db).catch(() => null);
    const lines = [
      ...this.#requests.render(),
      ...this.#durations.render(),
      ...renderGauge('process_uptime_seconds', 'Seconds since the process started.', [
        { labels: {}, value: process.uptime() },
      ]),
      ...renderGauge('launchcrew_build_info', 'The running LaunchCrew version.', [
        { labels: { version }, value: 1 },
      ]),
      ...renderGauge('launchcrew_database_up', 'Whether the database answered this scrape.', [
        { labels: {}, value: launches ? 1 : 0 },
      ]),
    ];
    if (launches) {
      lines.push(
        ...renderGauge(
          'launchcrew_launches',
          'Launches by state.',
          launchStates.map((state) => ({ labels: { state }, value: launches.get(state) ?? 0 })),
        ),
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

/** `/v1/launches/:id` → `/v1/launches/{id}`; a wildcard (no route matched) → `unmatched`. */
function routeLabel(path: string): string {
  if (path === '' || path.includes('*')) return 'unmatched';
  return path.replaceAll(/:(\w+)/g, '{$1}');
}

async function countLaunchesByState(db: DbExecutor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('launches')
    .select('state')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .groupBy('state')
    .execute();
  return new Map(rows.map((row) => [row.state, Number(row.count)]));
}
