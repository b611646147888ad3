import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/roles.ts';
import {
  acknowledgeIncident,
  getIncident,
  listIncidents,
  moveIncident,
  reclassifyIncident,
} from '../../incidents/incident-service.ts';
import { toIncidentView } from '../../incidents/incident-view.ts';
import { draftPostmortem } from '../../incidents/postmortem-draft.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams, reasonSchema } from '../schemas.ts';

const tags = ['Incidents'];
const responders = ['lead', 'devops_oncall'] as const;
const severitySchema = z.enum(['P0', 'P1', 'P2', 'P3']);

const incidentSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    launchId: z.string(),
    triggerId: z.string(),
    ruleId: z.string(),
    state: z.enum(['triggered', 'acknowledged', 'mitigating', 'monitoring', 'resolved']),
    severity: severitySchema,
    severityReason: z.string(),
    title: z.string(),
    fireCount: z.number().int(),
    postmortem: z.enum(['not_required', 'pending', 'drafted']),
    pagerDutyDedupKeys: z.array(z.string()),
    openedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    mitigatingAt: z.string().nullable(),
    monitoringAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Incident');

const incidentParams = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, format: 'uuid', description: 'Incident id' }),
});
const one = {
  200: {
    description: 'The incident',
    content: { 'application/json': { schema: z.object({ incident: incidentSchema }) } },
  },
};
const missing = { 404: errorResponse('No such incident') };
const conflict = { 409: errorResponse('Not a forward step (`invalid_transition`)') };

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/incidents',
  tags,
  summary: 'Incidents of a launch',
  description: 'Newest first.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'Incidents',
      content: { 'application/json': { schema: z.object({ incidents: z.array(incidentSchema) }) } },
    },
    404: errorResponse('No such launch'),
  },
});

const getRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/incidents/{id}',
  tags,
  summary: 'One incident',
  request: { params: incidentParams },
  responses: { ...one, ...missing },
});

const acknowledgeRoute = defineRoute(responders, {
  method: 'post',
  path: '/v1/incidents/{id}/acknowledge',
  tags,
  summary: 'Acknowledge an incident',
  description:
    'Stops the escalation of an unacknowledged incident; PagerDuty is acknowledged with the same dedup_key.',
  request: { params: incidentParams },
  responses: { ...one, ...missing, ...conflict },
});

const moveRoute = defineRoute(responders, {
  method: 'post',
  path: '/v1/incidents/{id}/state',
  tags,
  summary: 'Move an incident forward',
  description:
    'mitigating → monitoring → resolved (steps may be skipped, never undone). Resolving expires pending approvals.',
  request: {
    params: incidentParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            to: z.enum(['acknowledged', 'mitigating', 'monitoring', 'resolved']),
            reason: reasonSchema,
          }),
        },
      },
    },
  },
  responses: { ...one, ...missing, ...conflict },
});

const reclassifyRoute = defineRoute(responders, {
  method: 'post',
  path: '/v1/incidents/{id}/reclassify',
  tags,
  summary: 'Reclassify an incident',
  description:
    'Either set `severity`, or give facts (`data_loss`, `security`, `cosmetic`, `users_affected` %) for the decision tree. Audited; a new P0/P1 gets its rollback proposal.',
  request: {
    params: incidentParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            severity: severitySchema.optional(),
            data_loss: z.boolean().optional(),
            security: z.boolean().optional(),
            cosmetic: z.boolean().optional(),
            users_affected: z.number().min(0).max(100).optional(),
            reason: reasonSchema,
          }),
        },
      },
    },
  },
  responses: { ...one, ...missing, 409: errorResponse('The incident is resolved') },
});

const postmortemSchema = z
  .object({
    markdown: z.string(),
    html: z.string(),
    postmortem: z.enum(['not_required', 'pending', 'drafted']),
  })
  .openapi('PostmortemDraft');
const postmortemAnswer = {
  200: {
    description: 'The draft (Markdown and HTML)',
    content: { 'application/json': { schema: postmortemSchema } },
  },
  ...missing,
};

const readPostmortemRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/incidents/{id}/postmortem',
  tags,
  summary: 'Post-mortem draft of an incident',
  description:
    'Timeline, impact window, metrics around the incident, actions and comms, follow-ups; rendered from what was recorded.',
  request: { params: incidentParams },
  responses: postmortemAnswer,
});

const draftPostmortemRoute = defineRoute(responders, {
  method: 'post',
  path: '/v1/incidents/{id}/postmortem',
  tags,
  summary: 'Draft the post-mortem (marks the post-mortem step drafted)',
  description: 'Renders the draft and records it (audit entry with its SHA-256).',
  request: { params: incidentParams },
  responses: postmortemAnswer,
});

/**
 * Registers the incident routes.
 *
 * @example
 * registerIncidentRoutes(app);
 */
export function registerIncidentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await findLaunchRow(c.var.api.db, id);
    const incidents = await listIncidents(c.var.api.db, id);
    return c.json({ incidents: incidents.map(toIncidentView) }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const incident = await getIncident(c.var.api.db, c.req.valid('param').id);
    return c.json({ incident: toIncidentView(incident) }, 200);
  });
  app.openapi(acknowledgeRoute, async (c) => {
    const { db, clock } = c.var.api;
    const incident = await acknowledgeIncident(db, clock, c.req.valid('param').id, {
      actor: actorOf(c.var.principal),
    });
    return c.json({ incident: toIncidentView(incident) }, 200);
  });
  app.openapi(moveRoute, async (c) => {
    const { db, clock } = c.var.api;
    const { to, reason } = c.req.valid('json');
    const incident = await moveIncident(db, clock, c.req.valid('param').id, to, {
      actor: actorOf(c.var.principal),
      reason,
    });
    return c.json({ incident: toIncidentView(incident) }, 200);
  });
  app.openapi(readPostmortemRoute, async (c) => {
    const { db, clock } = c.var.api;
    return c.json(
      await draftPostmortem(db, clock, c.req.valid('param').id, { record: false }),
      200,
    );
  });
  app.openapi(draftPostmortemRoute, async (c) => {
    const { db, clock } = c.var.api;
    const draft = await draftPostmortem(db, clock, c.req.valid('param').id, {
      record: true,
      actor: actorOf(c.var.principal),
    });
    return c.json(draft, 200);
  });
  app.openapi(reclassifyRoute, async (c) => {
    const { db, clock } = c.var.api;
    const body = c.req.valid('json');
    const given = [body.data_loss, body.security, body.cosmetic, body.users_affected];
    const facts = given.some((fact) => fact !== undefined)
      ? {
          dataLoss: body.data_loss,
          security: body.security,
          cosmetic: body.cosmetic,
          usersAffected: body.users_affected,
        }
      : undefined;
    const incident = await reclassifyIncident(db, clock, c.req.valid('param').id, {
      actor: actorOf(c.var.principal),
      reason: body.reason,
      severity: body.severity,
      ...(facts ? { facts } : {}),
    });
    return c.json({ incident: toIncidentView(incident) }, 200);
  });
}
