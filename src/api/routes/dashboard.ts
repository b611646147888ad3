import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { readLaunchSummary } from '../../live/launch-summary.ts';
import { latestEventId } from '../../live/live-event-store.ts';
import { readMetricChart, seriesRanges } from '../../live/metric-series.ts';
import { portfolioSorts, readPortfolio } from '../../live/portfolio.ts';
import { readTimelineEvents } from '../../live/timeline-events.ts';
import { isUuid } from '../../metrics/ingest/ingest-keys.ts';
import { UserError } from '../../shared/errors.ts';
import type { DbExecutor } from '../../store/database.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams, launchStates } from '../schemas.ts';

const tags = ['Dashboard'];
const contract = 'Shapes: docs/dashboard-api.md.';
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const notFound = { 404: errorResponse('No launch with this id') };

const portfolioRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/portfolio',
  tags,
  summary: 'Every launch with its phase, day N of M, readiness and health at a glance',
  description: contract,
  request: {
    query: z.object({
      state: z.enum(launchStates).optional(),
      venture: z.string().max(100).optional(),
      q: z.string().max(200).optional().openapi({ description: 'Part of the venture id or name' }),
      sort: z.enum(portfolioSorts).optional().openapi({ description: 'Default `-t0`' }),
    }),
  },
  responses: {
    200: json(
      z.object({ lastEventId: z.number(), launches: z.array(z.unknown()) }),
      'The launches',
    ),
  },
});

const summaryRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/summary',
  tags,
  summary: 'Executive summary of a launch (uptime, acquisition, engagement, incidents, triggers)',
  description: contract,
  request: { params: launchIdParams },
  responses: {
    200: json(z.object({ lastEventId: z.number() }).catchall(z.unknown()), 'The summary'),
    ...notFound,
  },
});

const seriesRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/series',
  tags,
  summary: 'A metric downsampled for a chart, with threshold lines and trigger markers',
  description: `Min/max bucket downsampling of the 1-minute values to ≤ \`points\` per series. ${contract}`,
  request: {
    params: launchIdParams,
    query: z.object({
      metric: z.string().min(1).max(200),
      range: z.enum(Object.keys(seriesRanges) as [keyof typeof seriesRanges]).default('72h'),
      points: z.coerce.number().int().min(1).max(5000).default(500),
    }),
  },
  responses: {
    200: json(z.object({ metric: z.string() }).catchall(z.unknown()), 'The chart'),
    ...notFound,
  },
});

const timelineRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/timeline-events',
  tags,
  summary: 'Gate, sign-off, go, live, activation, trigger, incident, approval and comms events',
  description: `Newest first, with each audit entry's evidence. ${contract}`,
  request: {
    params: launchIdParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(500),
      before: z.iso.datetime({ offset: true }).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(z.unknown()) }), 'The timeline'),
    ...notFound,
  },
});

/**
 * Registers the dashboard's read endpoints: portfolio, summary, series and timeline.
 *
 * @example
 * registerDashboardRoutes(app);
 */
export function registerDashboardRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(portfolioRoute, async (c) => {
    const { db, clock } = c.var.api;
    const lastEventId = await latestEventId(db);
    const launches = await readPortfolio(db, clock.now(), c.req.valid('query'));
    return c.json({ lastEventId, launches }, 200);
  });
  app.openapi(summaryRoute, async (c) => {
    const { db, clock } = c.var.api;
    const id = await existingLaunch(db, c.req.valid('param').id);
    const lastEventId = await latestEventId(db);
    const summary = await readLaunchSummary(db, clock.now(), id);
    if (!summary) throw launchNotFound(id);
    return c.json({ lastEventId, ...summary }, 200);
  });
  app.openapi(seriesRoute, async (c) => {
    const { db, clock } = c.var.api;
    const launchId = await existingLaunch(db, c.req.valid('param').id);
    const { metric, range, points } = c.req.valid('query');
    const chart = await readMetricChart(db, {
      launchId,
      metric,
      range,
      maxPoints: points,
      now: clock.now(),
    });
    return c.json(chart, 200);
  });
  app.openapi(timelineRoute, async (c) => {
    const launchId = await existingLaunch(c.var.api.db, c.req.valid('param').id);
    const { limit, before } = c.req.valid('query');
    const items = await readTimelineEvents(c.var.api.db, {
      launchId,
      limit,
      before: before ? new Date(before) : undefined,
    });
    return c.json({ items }, 200);
  });
}

async function existingLaunch(db: DbExecutor, id: string): Promise<string> {
  const found = isUuid(id)
    ? await db.selectFrom('launches').select('id').where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!found) throw launchNotFound(id);
  return found.id;
}

function launchNotFound(id: string): UserError {
  return new UserError('not_found', `no launch with id '${id}'`, {
    status: 404,
    path: ['params', 'id'],
  });
}
