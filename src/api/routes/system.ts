import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../context.ts';
import type { ApiMetrics } from '../metrics.ts';
import { prometheusContentType } from '../prometheus.ts';
import { defineRoute } from '../route.ts';

const tags = ['Operations'];
const statusSchema = z.object({ status: z.string(), version: z.string() });

const healthRoute = defineRoute('public', {
  method: 'get',
  path: '/healthz',
  tags,
  summary: 'Liveness: the process answers (no database access)',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: statusSchema } } },
  },
});

const readyRoute = defineRoute('public', {
  method: 'get',
  path: '/readyz',
  tags,
  summary: 'Readiness: the database answers and its migrations are applied',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: statusSchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: statusSchema } } },
  },
});

const metricsRoute = defineRoute('public', {
  method: 'get',
  path: '/metrics',
  tags,
  summary: 'Prometheus metrics (text exposition format)',
  responses: {
    200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } },
  },
});

/**
 * Registers the probes and `/metrics`.
 *
 * @example
 * registerSystemRoutes(app, new ApiMetrics());
 */
export function registerSystemRoutes(app: OpenAPIHono<ApiEnv>, metrics: ApiMetrics): void {
  app.openapi(healthRoute, (c) => c.json({ status: 'ok', version: c.var.api.version }, 200));

  app.openapi(readyRoute, async (c) => {
    const { isReady, version } = c.var.api;
    const ready = await isReady().catch(() => false);
    return ready
      ? c.json({ status: 'ready', version }, 200)
      : c.json({ status: 'not_ready', version }, 503);
  });

  app.openapi(metricsRoute, async (c) => {
    const text = await metrics.render(c.var.api.db, c.var.api.version);
    return c.text(text, 200, { 'content-type': prometheusContentType });
  });
}
