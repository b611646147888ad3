import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/roles.ts';
import {
  clearParameterOverride,
  getParameters,
  setParameterOverride,
} from '../../launch/parameter-overrides.ts';
import { UserError } from '../../shared/errors.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams, reasonSchema } from '../schemas.ts';

const tags = ['Parameters'];

const parameterParams = launchIdParams.extend({
  name: z
    .string()
    .max(100)
    .openapi({
      param: { name: 'name', in: 'path' },
      example: 'target_users_day1',
      description: 'Parameter name',
    }),
});

const valueSchema = z
  .union([z.number(), z.string(), z.boolean(), z.array(z.string())])
  .openapi({ description: 'The new value; checked against the parameter type and range' });

const parameterSchema = z
  .object({
    name: z.string(),
    value: z.unknown(),
    source: z.enum(['override', 'plan', 'preset', 'default']),
    range: z.string().openapi({ example: '10–10,000 users' }),
    unit: z.string(),
  })
  .openapi('Parameter');

const changeSchema = z
  .object({ name: z.string(), old: z.unknown(), new: z.unknown() })
  .openapi('ParameterChange');

const launchErrors = {
  404: errorResponse('No such launch (or, for DELETE, no override of this parameter)'),
  409: errorResponse('The launch already ended; its parameters are frozen'),
};

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/parameters',
  tags,
  summary: 'Resolved parameters of a launch',
  description: 'Each value with its source: database override → plan → preset → built-in default.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'Every parameter',
      content: {
        'application/json': { schema: z.object({ parameters: z.array(parameterSchema) }) },
      },
    },
    404: errorResponse('No such launch'),
  },
});

const setRoute = defineRoute(['lead'], {
  method: 'put',
  path: '/v1/launches/{id}/parameters/{name}',
  tags,
  summary: 'Override a parameter of a launch',
  description:
    'Range-checked; the override and its audit entry (old, new, reason) commit together.',
  request: {
    params: parameterParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ value: valueSchema, reason: reasonSchema }) },
      },
    },
  },
  responses: {
    200: { description: 'The change', content: { 'application/json': { schema: changeSchema } } },
    400: errorResponse(
      'Invalid request, or a value out of range (`invalid_parameter`, naming the parameter)',
    ),
    ...launchErrors,
  },
});

const clearRoute = defineRoute(['lead'], {
  method: 'delete',
  path: '/v1/launches/{id}/parameters/{name}',
  tags,
  summary: 'Remove a parameter override',
  description:
    'The plan, preset or default value applies again. `reason` goes in the JSON body or the query.',
  request: {
    params: parameterParams,
    query: z.object({ reason: reasonSchema.optional() }),
    body: {
      content: { 'application/json': { schema: z.object({ reason: reasonSchema.optional() }) } },
    },
  },
  responses: {
    200: { description: 'The change', content: { 'application/json': { schema: changeSchema } } },
    ...launchErrors,
  },
});

/**
 * Registers `/v1/launches/{id}/parameters` routes.
 *
 * @example
 * registerParameterRoutes(app);
 */
export function registerParameterRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const parameters = await getParameters(c.var.api.db, c.req.valid('param').id);
    return c.json({ parameters }, 200);
  });

  app.openapi(setRoute, async (c) => {
    const { id, name } = c.req.valid('param');
    const { value, reason } = c.req.valid('json');
    const change = await setParameterOverride(c.var.api, id, {
      name,
      value,
      reason,
      actor: actorOf(c.var.principal),
    });
    return c.json({ name: change.name, old: change.old, new: change.new }, 200);
  });

  app.openapi(clearRoute, async (c) => {
    const { id, name } = c.req.valid('param');
    const reason = c.req.valid('json').reason ?? c.req.valid('query').reason;
    if (!reason) {
      throw new UserError('invalid_request', 'a reason is required (JSON body or ?reason=)', {
        path: ['query', 'reason'],
      });
    }
    const change = await clearParameterOverride(c.var.api, id, name, {
      actor: actorOf(c.var.principal),
      reason,
    });
    return c.json(change, 200);
  });
}
