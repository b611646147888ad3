import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { listVentures } from '../../launch/launch-service.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute } from '../route.ts';

const ventureSchema = z
  .object({ id: z.string(), name: z.string(), launches: z.number().int() })
  .openapi('Venture');

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/ventures',
  tags: ['Ventures'],
  summary: 'List ventures with their number of launches',
  responses: {
    200: {
      description: 'Ventures',
      content: { 'application/json': { schema: z.object({ ventures: z.array(ventureSchema) }) } },
    },
  },
});

/**
 * Registers `GET /v1/ventures`.
 *
 * @example
 * registerVentureRoutes(app);
 */
export function registerVentureRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => c.json({ ventures: await listVentures(c.var.api.db) }, 200));
}
