import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { planJsonSchema } from '../../plan/json-schema.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute } from '../route.ts';

const schemaRoute = defineRoute('public', {
  method: 'get',
  path: '/v1/schema/launch-plan.json',
  tags: ['Launch plan'],
  summary: 'JSON Schema of the launch plan',
  description:
    'Point an editor at it (e.g. `# yaml-language-server: $schema=<url>`) to complete and check plans.',
  responses: {
    200: {
      description: 'JSON Schema (draft 2020-12)',
      content: { 'application/schema+json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

/**
 * Registers `GET /v1/schema/launch-plan.json`.
 *
 * @example
 * registerPlanSchemaRoute(app);
 */
export function registerPlanSchemaRoute(app: OpenAPIHono<ApiEnv>): void {
  const schema = planJsonSchema();
  app.openapi(schemaRoute, (c) =>
    c.json(schema, 200, { 'content-type': 'application/schema+json' }),
  );
}
