import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { roles } from '../../auth/roles.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute } from '../route.ts';

const meRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/me',
  tags: ['Auth'],
  summary: 'Who the bearer token belongs to, and its role',
  description: 'The dashboard signs in with it and shows only the actions the role may take.',
  responses: {
    200: {
      description: 'The caller',
      content: {
        'application/json': {
          schema: z
            .object({ name: z.string(), role: z.enum(roles) })
            .openapi('Caller', { example: { name: 'ana', role: 'lead' } }),
        },
      },
    },
  },
});

/**
 * Registers `GET /v1/me`.
 *
 * @example
 * registerMeRoute(app);
 */
export function registerMeRoute(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(meRoute, (c) => {
    const { name, role } = c.var.principal;
    return c.json({ name, role }, 200);
  });
}
