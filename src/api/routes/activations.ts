import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type ActivationChangeResult,
  cancelActivations,
  pauseActivations,
  resumeActivations,
} from '../../activation/activation-control.ts';
import { listActivations } from '../../activation/activation-store.ts';
import { actorOf } from '../../auth/roles.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { DbExecutor } from '../../store/database.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams, reasonSchema } from '../schemas.ts';

const tags = ['Activations'];
const marketers = ['lead', 'marketing'] as const;

const activationSchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    connector: z.string().nullable(),
    manual: z.boolean().openapi({ description: 'A person does it (no connector)' }),
    dueAt: z.string().openapi({ format: 'date-time' }),
    state: z.enum(['scheduled', 'armed', 'sending', 'sent', 'failed', 'cancelled', 'paused']),
    handle: z.object({ vendor: z.string(), id: z.string() }).nullable(),
    error: z.string().nullable(),
    sentAt: z.string().nullable().openapi({ format: 'date-time' }),
    pausedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Activation');

const changeSchema = z
  .object({
    activations: z.array(z.string()).openapi({ description: 'Activations the change moved' }),
    vendorCalls: z.int().openapi({ description: 'Cancels, pauses or resumes queued at vendors' }),
  })
  .openapi('ActivationChange');

const reasonBody = {
  required: true,
  content: { 'application/json': { schema: z.object({ reason: reasonSchema }) } },
};
const changed = {
  200: {
    description: 'What changed',
    content: { 'application/json': { schema: changeSchema } },
  },
  404: errorResponse('No such launch'),
};

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/activations',
  tags,
  summary: 'Marketing activations of a launch',
  description: 'In due order, with their state, vendor handle and error.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'Activations',
      content: {
        'application/json': { schema: z.object({ activations: z.array(activationSchema) }) },
      },
    },
    404: errorResponse('No such launch'),
  },
});

const pauseRoute = defineRoute(marketers, {
  method: 'post',
  path: '/v1/launches/{id}/activations/pause',
  tags,
  summary: 'Pause the marketing activations',
  description:
    'Holds every activation that has not gone out and pauses running ads at the vendor. Audited.',
  request: { params: launchIdParams, body: reasonBody },
  responses: changed,
});

const resumeRoute = defineRoute(marketers, {
  method: 'post',
  path: '/v1/launches/{id}/activations/resume',
  tags,
  summary: 'Resume the marketing activations',
  description: 'Activations past their due time go out now; paused ads are resumed. Audited.',
  request: { params: launchIdParams, body: reasonBody },
  responses: changed,
});

const cancelRoute = defineRoute(marketers, {
  method: 'post',
  path: '/v1/launches/{id}/activations/{activationId}/cancel',
  tags,
  summary: 'Cancel one activation before it goes out',
  description: 'A send held at the vendor is cancelled there. Audited.',
  request: {
    params: launchIdParams.extend({
      activationId: z
        .string()
        .max(100)
        .openapi({ param: { name: 'activationId', in: 'path' }, description: 'Activation id' }),
    }),
    body: reasonBody,
  },
  responses: {
    ...changed,
    404: errorResponse('No such launch or activation'),
    409: errorResponse('The activation was already sent (`conflict`)'),
  },
});

/** Runs a change of a launch's activations in one transaction, the launch locked first. */
function changeActivations(
  api: ApiContext,
  launchId: string,
  change: (trx: DbExecutor) => Promise<ActivationChangeResult>,
): Promise<ActivationChangeResult> {
  return api.db.transaction().execute(async (trx) => {
    await findLaunchRow(trx, launchId, { lock: true });
    return change(trx);
  });
}

/**
 * Registers the activation routes.
 *
 * @example
 * registerActivationRoutes(app);
 */
export function registerActivationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await findLaunchRow(c.var.api.db, id);
    return c.json({ activations: await listActivations(c.var.api.db, id) }, 200);
  });
  app.openapi(pauseRoute, async (c) => {
    const { id: launchId } = c.req.valid('param');
    const change = { launchId, actor: actorOf(c.var.principal), ...c.req.valid('json') };
    const result = await changeActivations(c.var.api, launchId, (trx) =>
      pauseActivations(trx, c.var.api.clock, change),
    );
    return c.json(result, 200);
  });
  app.openapi(resumeRoute, async (c) => {
    const { id: launchId } = c.req.valid('param');
    const change = { launchId, actor: actorOf(c.var.principal), ...c.req.valid('json') };
    const result = await changeActivations(c.var.api, launchId, (trx) =>
      resumeActivations(trx, c.var.api.clock, change),
    );
    return c.json(result, 200);
  });
  app.openapi(cancelRoute, async (c) => {
    const { id: launchId, activationId } = c.req.valid('param');
    const change = {
      launchId,
      activationId,
      actor: actorOf(c.var.principal),
      ...c.req.valid('json'),
    };
    const result = await changeActivations(c.var.api, launchId, (trx) =>
      cancelActivations(trx, c.var.api.clock, change),
    );
    return c.json(result, 200);
  });
}
