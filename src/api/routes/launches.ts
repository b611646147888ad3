import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../../auth/roles.ts';
import {
  cancelLaunch,
  createLaunch,
  getLaunch,
  listLaunches,
} from '../../launch/launch-service.ts';
import { UserError } from '../../shared/errors.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import {
  launchIdParams,
  launchSchema,
  launchStates,
  limitSchema,
  problemSchema,
  reasonSchema,
} from '../schemas.ts';

const tags = ['Launches'];
const yamlMediaTypes = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/plain',
] as const;
const yamlContent = { schema: z.string().openapi({ description: 'The launch plan (YAML)' }) };

const createBodySchema = z
  .object({
    plan_yaml: z
      .string()
      .min(1, 'the plan is empty')
      .openapi({ description: 'The launch plan (YAML text)' }),
    file_name: z
      .string()
      .max(255)
      .optional()
      .openapi({ description: 'Shown in problem positions' }),
  })
  .openapi('CreateLaunchRequest');

const createdSchema = z
  .object({ launch: launchSchema, warnings: z.array(problemSchema) })
  .openapi('CreatedLaunch');
const launchBodySchema = z.object({ launch: launchSchema });
const notFound = { 404: errorResponse('No launch with this id') };

const createRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/launches',
  tags,
  summary: 'Create a launch from a plan',
  description:
    'The body is the plan itself (YAML, `?file_name=` optional) or JSON `{plan_yaml, file_name?}`. ' +
    'The plan is validated first: if it has errors nothing is stored and the answer is 422 with every problem.',
  request: {
    query: z.object({
      file_name: z
        .string()
        .max(255)
        .optional()
        .openapi({ description: 'Name of a raw YAML upload' }),
    }),
    body: {
      description: 'The plan (required)',
      content: {
        'application/json': { schema: createBodySchema },
        ...Object.fromEntries(yamlMediaTypes.map((type) => [type, yamlContent])),
      },
    },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: createdSchema } } },
    413: errorResponse('The plan is larger than the body limit'),
    415: errorResponse('The body is neither YAML nor JSON'),
    422: errorResponse('The plan is invalid (`invalid_plan`, with `problems`)'),
  },
});

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches',
  tags,
  summary: 'List launches, newest first',
  request: {
    query: z.object({
      ventureId: z.string().max(100).optional().openapi({ description: 'Only this venture' }),
      state: z
        .enum(launchStates)
        .optional()
        .openapi({ description: 'Only launches in this state' }),
      limit: limitSchema,
    }),
  },
  responses: {
    200: {
      description: 'Launches',
      content: { 'application/json': { schema: z.object({ launches: z.array(launchSchema) }) } },
    },
  },
});

const getRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}',
  tags,
  summary: 'Get one launch',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'The launch',
      content: { 'application/json': { schema: launchBodySchema } },
    },
    ...notFound,
  },
});

const cancelRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/launches/{id}/cancel',
  tags,
  summary: 'Cancel a launch that has not ended',
  description:
    'The launch becomes `aborted` and its pending timeline is cancelled, in one transaction.',
  request: {
    params: launchIdParams,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ reason: reasonSchema }) } },
    },
  },
  responses: {
    200: {
      description: 'The cancelled launch',
      content: { 'application/json': { schema: launchBodySchema } },
    },
    ...notFound,
    409: errorResponse('The launch already ended'),
  },
});

/**
 * Registers `/v1/launches` routes.
 *
 * @example
 * registerLaunchRoutes(app);
 */
export function registerLaunchRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(createRoute, async (c) => {
    const json = mediaTypeOf(c) === 'application/json' ? c.req.valid('json') : undefined;
    const fileName = json?.file_name ?? c.req.valid('query').file_name;
    const created = await createLaunch(c.var.api, {
      planYaml: json ? json.plan_yaml : await readYamlBody(c),
      ...(fileName ? { fileName } : {}),
      actor: actorOf(c.var.principal),
    });
    return c.json(created, 201);
  });

  app.openapi(listRoute, async (c) => {
    const launches = await listLaunches(c.var.api.db, c.req.valid('query'));
    return c.json({ launches }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const launch = await getLaunch(c.var.api.db, c.req.valid('param').id);
    return c.json({ launch }, 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const launch = await cancelLaunch(c.var.api, c.req.valid('param').id, {
      actor: actorOf(c.var.principal),
      reason: c.req.valid('json').reason,
    });
    return c.json({ launch }, 200);
  });
}

function mediaTypeOf(c: Context): string {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The raw YAML plan of a create request; JSON bodies were validated by the route already. */
async function readYamlBody(c: Context): Promise<string> {
  if (!(yamlMediaTypes as readonly string[]).includes(mediaTypeOf(c))) {
    throw new UserError(
      'unsupported_media_type',
      `send the plan as ${yamlMediaTypes.join(', ')} or as application/json {plan_yaml}`,
      { status: 415, path: ['headers', 'content-type'] },
    );
  }
  const planYaml = await c.req.text();
  if (planYaml.trim() === '') {
    throw new UserError('invalid_request', 'the plan is empty', { path: ['body'] });
  }
  return planYaml;
}
