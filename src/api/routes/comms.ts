import { createHash } from 'node:crypto';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { type BannerView, loadBanner } from '../../comms/banner.ts';
import { loadStatusPage } from '../../comms/status-page.ts';
import { renderStatusPageHtml } from '../../comms/status-page-html.ts';
import { UserError } from '../../shared/errors.ts';
import type { ApiEnv } from '../context.ts';
import { errorResponse } from '../route.ts';

/** Browsers and CDNs may keep a banner this long; the status page is revalidated every time. */
const bannerCacheControl = 'public, max-age=5';
const statusCacheControl = 'no-cache, max-age=0, must-revalidate';

function unknownVenture(ventureId: string): UserError {
  return new UserError('not_found', `venture ${ventureId} does not exist`, {
    status: 404,
    path: ['ventureId'],
  });
}

/**
 * Registers the public communication routes: `GET /v1/banner/{ventureId}` (the in-app banner,
 * CORS `*`, cached ≤ 5 s, ETag) and the status page `GET /status/{ventureId}` (HTML) and
 * `GET /status/{ventureId}.json`, read from the database on every request.
 *
 * @example
 * registerCommsRoutes(app);
 */
export function registerCommsRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/v1/banner/:ventureId', async (c) => {
    const ventureId = c.req.param('ventureId');
    const banner = await loadBanner(c.var.api.db, ventureId);
    if (!banner) throw unknownVenture(ventureId);
    const body = JSON.stringify(banner);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', 'ETag');
    c.header('Cache-Control', bannerCacheControl);
    c.header('ETag', etag);
    c.header('Vary', 'Origin');
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  app.get('/status/:page', async (c) => {
    const page = c.req.param('page');
    const asJson = page.endsWith('.json');
    const ventureId = asJson ? page.slice(0, -'.json'.length) : page;
    const view = await loadStatusPage(c.var.api.db, ventureId, c.var.api.clock.now());
    if (!view) throw unknownVenture(ventureId);
    c.header('Cache-Control', statusCacheControl);
    if (asJson) return c.json(view, 200);
    return c.html(await renderStatusPageHtml(view), 200);
  });
  registerCommsDocumentation(app);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

const ventureParams = z.object({ ventureId: z.string() });
const componentStatus = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
]);
const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
const severity = z.enum(['P0', 'P1', 'P2', 'P3']);
const impact = z.enum(['none', 'minor', 'major', 'critical']);
const bannerSchema: z.ZodType<BannerView> = z
  .object({
    active: z.boolean(),
    level: z.enum(['info', 'warning', 'critical']),
    message: z.string(),
    updated_at: z.string().nullable(),
    incident: z
      .object({ id: z.string(), status: incidentStatus.nullable(), severity: severity.nullable() })
      .optional(),
  })
  .openapi('Banner');
const publicIncident = z
  .object({
    id: z.string(),
    name: z.string(),
    status: incidentStatus,
    severity,
    impact,
    started_at: z.string(),
    resolved_at: z.string().nullable(),
    updates: z.array(z.object({ status: incidentStatus, message: z.string(), at: z.string() })),
  })
  .openapi('PublicIncident');
const statusPageSchema = z
  .object({
    venture: z.object({ id: z.string(), name: z.string() }),
    status: z.object({ indicator: impact, description: z.string() }),
    components: z.array(z.object({ id: z.string(), name: z.string(), status: componentStatus })),
    incidents: z.array(publicIncident),
    history: z.array(publicIncident),
    generated_at: z.string(),
  })
  .openapi('StatusPage');

function registerCommsDocumentation(app: OpenAPIHono<ApiEnv>): void {
  const common = {
    tags: ['Status'],
    request: { params: ventureParams },
    security: [],
    'x-required-roles': [],
  };
  const failures = {
    404: errorResponse('No such venture'),
    500: errorResponse('Unexpected server error (details in the server log)'),
  };
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/v1/banner/{ventureId}',
    summary: 'In-app banner of a venture',
    description:
      'For the product to embed: CORS `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=5`, an `ETag` (send `If-None-Match` for a 304).',
    responses: {
      200: { description: 'The banner', content: { 'application/json': { schema: bannerSchema } } },
      304: { description: 'Unchanged since the ETag sent' },
      ...failures,
    },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/status/{ventureId}',
    summary: 'Public status page (HTML)',
    description: 'Server-rendered, no external assets, never cached (`Cache-Control: no-cache`).',
    responses: {
      200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
      ...failures,
    },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/status/{ventureId}.json',
    summary: 'Public status page (JSON)',
    description:
      'Components (from the monitors), open incidents with their updates, incident history; never cached.',
    responses: {
      200: {
        description: 'The status page',
        content: { 'application/json': { schema: statusPageSchema } },
      },
      ...failures,
    },
  });
}
