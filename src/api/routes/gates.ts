import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/roles.ts';
import { evaluateEntryGates, latestGateReport } from '../../launch/gates/entry-gates.ts';
import { gateNames, signOffRoles } from '../../launch/gates/gate-model.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import {
  launchPlaybookDocument,
  launchTimelineDocument,
} from '../../launch/preparation/launch-documents.ts';
import { prepareLaunch } from '../../launch/preparation/prepare-launch.ts';
import {
  checklistOf,
  maySignOff,
  parseSignOffRole,
  signOff,
} from '../../launch/preparation/readiness-checklist.ts';
import { UserError } from '../../shared/errors.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams } from '../schemas.ts';

const tags = ['Preparation'];
const notFound = { 404: errorResponse('No launch with this id') };
const status = z.enum(['pass', 'warn', 'fail']);
const signOffRole = z.enum(signOffRoles);

const gateSchema = z
  .object({
    name: z.enum(gateNames),
    owner: signOffRole,
    status,
    evidence: z.array(z.object({ check: z.string(), status, detail: z.string(), at: z.string() })),
  })
  .openapi('Gate');

const gateReportSchema = z
  .object({
    id: z.string(),
    launchId: z.string(),
    evaluatedAt: z.string(),
    actor: z.string(),
    gates: z.array(gateSchema),
    readiness: z.object({
      score: z.number().openapi({ description: '0–100 %; below 70 the LEAD is warned' }),
      factors: z.array(
        z.object({ name: z.string(), weight: z.number(), score: z.number(), detail: z.string() }),
      ),
    }),
    blocking: z.boolean().openapi({ description: 'True when any gate failed' }),
    leadWarning: z
      .object({ message: z.string(), sent: z.array(z.string()), failed: z.array(z.string()) })
      .optional(),
  })
  .openapi('GateReport');

const checklistSchema = z
  .object({
    launchId: z.string(),
    complete: z.boolean(),
    items: z.array(
      z.object({
        role: signOffRole,
        people: z.array(z.object({ id: z.string(), name: z.string() })),
        signed: z.boolean(),
        signedBy: z.string().nullable(),
        personId: z.string().nullable(),
        signedAt: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReadinessChecklist');

const reportBody = {
  content: { 'application/json': { schema: z.object({ report: gateReportSchema.nullable() }) } },
};
const checklistBody = {
  content: { 'application/json': { schema: z.object({ checklist: checklistSchema }) } },
};
const markdown = { 'text/markdown': { schema: z.string() } };

const getGatesRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/gates',
  tags,
  summary: 'Latest entry-gate report',
  description:
    'The three entry gates and the pre-launch validation with their evidence, the readiness score and whether a gate blocks; `report: null` before the first evaluation.',
  request: { params: launchIdParams },
  responses: { 200: { description: 'The latest report', ...reportBody }, ...notFound },
});

const evaluateRoute = defineRoute(['lead', 'devops_oncall', 'marketing', 'support'], {
  method: 'post',
  path: '/v1/launches/{id}/gates/evaluate',
  tags,
  summary: 'Evaluate the entry gates now',
  description:
    'Collects fresh evidence (uptime, production URL, drills, template renders, connector checks, a seed-inbox test send, roster coverage…) and stores a new report. `?prelaunch=true` also runs the pre-launch validation (smoke checks, a test alert, analytics, DNS).',
  request: {
    params: launchIdParams,
    query: z.object({ prelaunch: z.enum(['true', 'false']).optional() }),
  },
  responses: { 200: { description: 'The new report', ...reportBody }, ...notFound },
});

const timelineRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/timeline',
  tags,
  summary: 'Minute-by-minute launch timeline',
  description: 'Markdown by default; `?format=ics` answers an iCalendar file (RFC 5545).',
  request: {
    params: launchIdParams,
    query: z.object({ format: z.enum(['markdown', 'ics']).optional() }),
  },
  responses: {
    200: {
      description: 'The timeline',
      content: { ...markdown, 'text/calendar': { schema: z.string() } },
    },
    ...notFound,
  },
});

const playbookRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/playbook',
  tags,
  summary: 'Contingency playbook',
  description:
    'Rollback decision tree, rollback steps, communication plan, support surge plan and marketing pause plan (Markdown).',
  request: { params: launchIdParams },
  responses: { 200: { description: 'The playbook', content: markdown }, ...notFound },
});

const checklistRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/checklist',
  tags,
  summary: 'Team readiness checklist',
  request: { params: launchIdParams },
  responses: { 200: { description: 'The checklist', ...checklistBody }, ...notFound },
});

const signRoute = defineRoute(['lead', 'devops_oncall', 'marketing', 'support'], {
  method: 'post',
  path: '/v1/launches/{id}/checklist/{role}/sign',
  tags,
  summary: 'Sign off one role of the readiness checklist',
  description:
    'The LEAD may sign any role; devops_oncall signs devops_lead, marketing signs marketing_lead, support signs support_lead. Each role signs once (409 after).',
  request: {
    params: launchIdParams.extend({
      role: z
        .string()
        .max(40)
        .openapi({ param: { name: 'role', in: 'path' }, example: 'devops_lead' }),
    }),
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({
            person_id: z
              .string()
              .max(100)
              .optional()
              .openapi({ description: 'The person of the plan signing' }),
            note: z.string().max(2000).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The checklist after signing', ...checklistBody },
    ...notFound,
    409: errorResponse('This role already signed off'),
    422: errorResponse('Unknown role, or the person does not have it'),
  },
});

/**
 * Registers the launch preparation routes: entry gates, timeline, playbook and checklist.
 * Connector secrets for the gates' checks come from the server's environment.
 *
 * @example
 * registerGateRoutes(app);
 */
export function registerGateRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getGatesRoute, async (c) => {
    const { db } = c.var.api;
    const { id } = c.req.valid('param');
    await findLaunchRow(db, id);
    return c.json({ report: (await latestGateReport(db, id)) ?? null }, 200);
  });

  app.openapi(evaluateRoute, async (c) => {
    const { db, clock } = c.var.api;
    const deps = { db, clock, env: process.env };
    const { id } = c.req.valid('param');
    const options = { actor: actorOf(c.var.principal) };
    const report =
      c.req.valid('query').prelaunch === 'true'
        ? await prepareLaunch(deps, id, options)
        : await evaluateEntryGates(deps, id, options);
    return c.json({ report }, 200);
  });

  app.openapi(timelineRoute, async (c) => {
    const { id } = c.req.valid('param');
    const actor = actorOf(c.var.principal);
    if (c.req.valid('query').format === 'ics') {
      const ics = await launchTimelineDocument(c.var.api, id, 'ics', actor);
      return c.body(ics, 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="launch-${id}.ics"`,
      });
    }
    const text = await launchTimelineDocument(c.var.api, id, 'markdown', actor);
    return c.body(text, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.openapi(playbookRoute, async (c) => {
    const text = await launchPlaybookDocument(
      c.var.api,
      c.req.valid('param').id,
      actorOf(c.var.principal),
    );
    return c.body(text, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.openapi(checklistRoute, async (c) => {
    return c.json({ checklist: await checklistOf(c.var.api.db, c.req.valid('param').id) }, 200);
  });

  app.openapi(signRoute, async (c) => {
    const { id, role: rawRole } = c.req.valid('param');
    const role = parseSignOffRole(rawRole);
    const principal = c.var.principal;
    if (!maySignOff(principal.role, role)) {
      throw new UserError('forbidden', `the role ${principal.role} may not sign off for ${role}`, {
        status: 403,
      });
    }
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const checklist = await signOff(c.var.api, {
      launchId: id,
      role,
      actor: actorOf(principal),
      ...(body.person_id ? { personId: body.person_id } : {}),
      ...(body.note ? { note: body.note } : {}),
    });
    return c.json({ checklist }, 200);
  });
}
