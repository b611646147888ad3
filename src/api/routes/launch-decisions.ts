import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/roles.ts';
import { automationReport } from '../../automation/automation-ledger.ts';
import { requestManualDeploy } from '../../launch/deploy.ts';
import { decideGoNoGo } from '../../launch/go-no-go.ts';
import { decideOutcome } from '../../launch/launch-outcome.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import { postponeLaunch } from '../../launch/postpone.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams, launchSchema, reasonSchema } from '../schemas.ts';

const tags = ['Launches'];
const notFound = { 404: errorResponse('No launch with this id') };
const launchBody = {
  description: 'The launch after the decision',
  content: { 'application/json': { schema: z.object({ launch: launchSchema }) } },
};
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const goRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/launches/{id}/go',
  tags,
  summary: 'Give the go (go/no-go decision)',
  description:
    'Allowed while preparing or awaiting the decision. When the entry gates block (or never ran) an `override_reason` is required. Schedules the marketing activations; after T0 the deploy starts at once.',
  request: {
    params: launchIdParams,
    body: jsonBody(
      z.object({
        decision: z.literal('go'),
        override_reason: reasonSchema.optional(),
      }),
    ),
  },
  responses: {
    200: launchBody,
    ...notFound,
    409: errorResponse('Wrong state, already decided, or gates block without an override reason'),
  },
});

const postponeRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/launches/{id}/postpone',
  tags,
  summary: 'Postpone T0',
  description:
    'Moves T0 to a future time: activations cancelled, go cleared, timeline and reports rescheduled; the launch is preparing again.',
  request: {
    params: launchIdParams,
    body: jsonBody(
      z.object({
        t0: z.iso.datetime({ offset: true }).openapi({ description: 'The new T0 (ISO 8601)' }),
        reason: reasonSchema,
      }),
    ),
  },
  responses: {
    200: {
      description: 'The postponed launch and warnings about the new date',
      content: {
        'application/json': {
          schema: z.object({ launch: launchSchema, warnings: z.array(z.string()) }),
        },
      },
    },
    ...notFound,
    409: errorResponse('The launch is executing or ended'),
  },
});

const outcomeRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/launches/{id}/outcome',
  tags,
  summary: 'Decide the outcome of a launch that did not succeed in time',
  description:
    '`extend` moves the success deadline to `until`; `pivot` and `unsuccessful` end the launch `unsuccessful`, cancelling its activations and pending work.',
  request: {
    params: launchIdParams,
    body: jsonBody(
      z.object({
        decision: z.enum(['extend', 'pivot', 'unsuccessful']),
        until: z.iso
          .datetime({ offset: true })
          .optional()
          .openapi({ description: 'New success deadline (extend)' }),
        reason: reasonSchema,
      }),
    ),
  },
  responses: { 200: launchBody, ...notFound, 409: errorResponse('The launch is not live') },
});

const deployRoute = defineRoute(['lead', 'devops_oncall'], {
  method: 'post',
  path: '/v1/launches/{id}/deploy',
  tags,
  summary: 'Start the deploy before T0',
  description:
    'Needs a go. Inside the freeze window (the `pre_launch_freeze` hours before T0) only the LEAD may, with a reason. The deploy runbook starts at once; the launch becomes `executing`.',
  request: {
    params: launchIdParams,
    body: jsonBody(z.object({ reason: reasonSchema.optional() })),
  },
  responses: {
    200: { ...launchBody, description: 'The launch (the deploy job is queued)' },
    ...notFound,
    409: errorResponse('No go yet, or the launch is executing or ended'),
  },
});

const taskSchema = z.object({
  task: z.string(),
  label: z.string(),
  done: z.number(),
  automatic: z.number(),
  humanMinutes: z.number(),
  manualBaselineMinutes: z.number(),
  automationPercent: z.number(),
});

const automationRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/automation',
  tags,
  summary: 'Automation report of a launch',
  description:
    'Per task and overall: the share of the manual baseline (~40 h per launch) that no person had to spend.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'The automation report',
      content: {
        'application/json': {
          schema: z
            .object({
              launchId: z.string(),
              tasks: z.array(taskSchema),
              humanMinutes: z.number(),
              manualBaselineMinutes: z.number(),
              automationPercent: z.number(),
            })
            .openapi('AutomationReport'),
        },
      },
    },
    ...notFound,
  },
});

/**
 * Registers the LEAD's decisions on a launch (go, postpone, outcome), the manual deploy and the
 * automation report.
 *
 * @example
 * registerLaunchDecisionRoutes(app);
 */
export function registerLaunchDecisionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(goRoute, async (c) => {
    const body = c.req.valid('json');
    const launch = await decideGoNoGo(c.var.api, {
      launchId: c.req.valid('param').id,
      actor: actorOf(c.var.principal),
      decision: body.decision,
      overrideReason: body.override_reason,
    });
    return c.json({ launch }, 200);
  });

  app.openapi(postponeRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await postponeLaunch(c.var.api, {
      launchId: c.req.valid('param').id,
      actor: actorOf(c.var.principal),
      t0: new Date(body.t0),
      reason: body.reason,
    });
    return c.json(result, 200);
  });

  app.openapi(outcomeRoute, async (c) => {
    const body = c.req.valid('json');
    const launch = await decideOutcome(c.var.api, {
      launchId: c.req.valid('param').id,
      actor: actorOf(c.var.principal),
      decision: body.decision,
      until: body.until ? new Date(body.until) : undefined,
      reason: body.reason,
    });
    return c.json({ launch }, 200);
  });

  app.openapi(deployRoute, async (c) => {
    const launch = await requestManualDeploy(c.var.api, {
      launchId: c.req.valid('param').id,
      actor: actorOf(c.var.principal),
      role: c.var.principal.role,
      reason: c.req.valid('json').reason,
    });
    return c.json({ launch }, 200);
  });

  app.openapi(automationRoute, async (c) => {
    const launch = await findLaunchRow(c.var.api.db, c.req.valid('param').id);
    return c.json(await automationReport(c.var.api.db, launch.id), 200);
  });
}
