import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { decideFromLink, decideFromSlack, inspectLink } from '../../approvals/approval-channels.ts';
import {
  type ApproverRole,
  decideApproval,
  getApproval,
  listApprovals,
} from '../../approvals/approval-service.ts';
import { renderDecidePage, renderDecisionOutcome } from '../../approvals/decide-page.ts';
import { actorOf } from '../../auth/roles.ts';
import { incidentDependencies } from '../../incidents/incident-dependencies.ts';
import { toApprovalView } from '../../incidents/incident-view.ts';
import { UserError } from '../../shared/errors.ts';
import { limitBody } from '../body.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { reasonSchema } from '../schemas.ts';

const tags = ['Approvals'];
const approvers = ['lead', 'devops_oncall'] as const;
const smallBody = limitBody(64 * 1024);

const approvalSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    launchId: z.string(),
    incidentId: z.string(),
    action: z.enum(['rollback', 'marketing_pause']),
    state: z.enum(['pending', 'approved', 'rejected', 'expired']),
    severity: z.enum(['P0', 'P1', 'P2', 'P3']),
    evidence: z.record(z.string(), z.unknown()).openapi({
      description: 'What the approver is shown: metric values and reasons at proposal time',
    }),
    proposedAt: z.string(),
    deadlineAt: z.string(),
    onTimeout: z.enum(['escalate', 'execute']),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedVia: z.enum(['api', 'cli', 'slack', 'link', 'timeout']).nullable(),
    reason: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Approval');

const approvalParams = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, format: 'uuid', description: 'Approval id' }),
});
const one = {
  200: {
    description: 'The approval',
    content: { 'application/json': { schema: z.object({ approval: approvalSchema }) } },
  },
};
const decisionErrors = {
  404: errorResponse('No such approval'),
  409: errorResponse('Already decided (`already_decided`)'),
};

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/approvals',
  tags,
  summary: 'Approvals (proposed rollbacks and marketing pauses)',
  request: {
    query: z.object({
      launchId: z.string().max(100).optional(),
      incidentId: z.string().max(100).optional(),
      state: z.enum(['pending', 'approved', 'rejected', 'expired']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Approvals, oldest first',
      content: { 'application/json': { schema: z.object({ approvals: z.array(approvalSchema) }) } },
    },
  },
});

const getRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/approvals/{id}',
  tags,
  summary: 'One approval with its evidence',
  request: { params: approvalParams },
  responses: { ...one, 404: errorResponse('No such approval') },
});

const approveRoute = defineRoute(approvers, {
  method: 'post',
  path: '/v1/approvals/{id}/approve',
  tags,
  summary: 'Approve a proposed rollback or marketing pause',
  description:
    'Starts the action in the same transaction (the rollback runbook’s first step is enqueued). Audited with who, when and the evidence.',
  request: {
    params: approvalParams,
    body: {
      content: { 'application/json': { schema: z.object({ reason: reasonSchema.optional() }) } },
    },
  },
  responses: { ...one, ...decisionErrors },
});

const rejectRoute = defineRoute(approvers, {
  method: 'post',
  path: '/v1/approvals/{id}/reject',
  tags,
  summary: 'Reject a proposed rollback or marketing pause',
  request: {
    params: approvalParams,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ reason: reasonSchema }) } },
    },
  },
  responses: { ...one, ...decisionErrors },
});

/**
 * Registers the approval routes: decisions by token (`/approve`, `/reject`), by one-time link
 * (`/decide`) and by Slack button (`/v1/slack/interactions`).
 *
 * @example
 * registerApprovalRoutes(app);
 */
export function registerApprovalRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const { launchId, incidentId, state } = c.req.valid('query');
    const rows = await listApprovals(c.var.api.db, {
      ...(launchId ? { launchId } : {}),
      ...(incidentId ? { incidentId } : {}),
      ...(state ? { state } : {}),
    });
    return c.json({ approvals: rows.map(toApprovalView) }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const approval = await getApproval(c.var.api.db, c.req.valid('param').id);
    return c.json({ approval: toApprovalView(approval) }, 200);
  });
  for (const [route, decision] of [
    [approveRoute, 'approve'],
    [rejectRoute, 'reject'],
  ] as const) {
    app.openapi(route, async (c) => {
      const approval = await decideApproval(c.var.api.db, c.var.api.clock, {
        approvalId: c.req.valid('param').id,
        decision,
        actor: actorOf(c.var.principal),
        role: c.var.principal.role as ApproverRole,
        via: 'api',
        reason: c.req.valid('json').reason,
      });
      return c.json({ approval: toApprovalView(approval) }, 200);
    });
  }

  app.get('/v1/approvals/:id/decide', (c) =>
    linkPage(c, async (approvalId, token) => {
      const { db, clock } = c.var.api;
      const { personName } = await inspectLink(
        db,
        clock,
        incidentDependencies().env,
        approvalId,
        token,
      );
      const approval = await getApproval(db, approvalId);
      if (approval.state !== 'pending') {
        throw new UserError('already_decided', `this approval is already ${approval.state}`, {
          status: 409,
        });
      }
      return renderDecidePage(toApprovalView(approval), personName);
    }),
  );
  app.post('/v1/approvals/:id/decide', smallBody, (c) =>
    linkPage(c, async (approvalId, token) => {
      const form = new URLSearchParams(await c.req.text());
      const decision = form.get('decision');
      if (decision !== 'approve' && decision !== 'reject') {
        throw new UserError('invalid_request', 'decision must be approve or reject', {
          path: ['decision'],
        });
      }
      const { db, clock } = c.var.api;
      const approval = await decideFromLink(db, clock, incidentDependencies().env, {
        approvalId,
        token,
        decision,
        reason: form.get('reason') ?? undefined,
      });
      return renderDecisionOutcome(
        approval.state === 'approved' ? 'Approved' : 'Rejected',
        `${approval.action.replace('_', ' ')} ${approval.state} by ${approval.decided_by} at ${approval.decided_at?.toISOString()}.`,
      );
    }),
  );
  app.post('/v1/slack/interactions', smallBody, async (c) => {
    const approval = await decideFromSlack(
      c.var.api.db,
      c.var.api.clock,
      incidentDependencies().env,
      {
        timestamp: c.req.header('x-slack-request-timestamp'),
        signature: c.req.header('x-slack-signature'),
      },
      await c.req.text(),
    );
    return c.json(
      {
        replace_original: false,
        text: `${approval.action.replace('_', ' ')} ${approval.state} by ${approval.decided_by}`,
      },
      200,
    );
  });
  registerPublicDocumentation(app);
}

async function linkPage(
  c: Context<ApiEnv>,
  render: (approvalId: string, token: string) => Promise<string>,
): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  try {
    const token = c.req.query('token');
    if (!token) throw new UserError('invalid_link', 'the link has no token', { status: 403 });
    return c.html(await render(c.req.param('id') ?? '', token), 200);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return c.html(
      renderDecisionOutcome('This link cannot be used', error.message),
      error.status as 403,
    );
  }
}

function registerPublicDocumentation(app: OpenAPIHono<ApiEnv>): void {
  const html = (description: string) => ({
    description,
    content: { 'text/html': { schema: z.string() } },
  });
  const params = z.object({ id: z.string(), token: z.string() });
  const linkErrors = {
    403: html('Tampered token, or not an approver'),
    409: html('Link already used, or approval already decided'),
    410: html('Link expired'),
    500: errorResponse('Unexpected server error'),
  };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/approvals/{id}/decide',
    tags,
    summary: 'Confirmation page of a one-time approval link',
    description:
      'Public: the signed `token` is the credential. Shows the evidence; decides nothing.',
    request: { params: z.object({ id: z.string() }), query: params.pick({ token: true }) },
    security: [],
    'x-required-roles': [],
    responses: { 200: html('The confirmation form'), ...linkErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/approvals/{id}/decide',
    tags,
    summary: 'Decide through a one-time approval link',
    description:
      'Public: form body `decision=approve|reject&reason=…`; the signed `token` works once.',
    request: { params: z.object({ id: z.string() }), query: params.pick({ token: true }) },
    security: [],
    'x-required-roles': [],
    responses: { 200: html('The outcome'), ...linkErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/slack/interactions',
    tags,
    summary: 'Slack interactive approval (button click)',
    description:
      'Public: verified with X-Slack-Signature (v0 HMAC-SHA256 of `v0:{timestamp}:{body}`, secret from LAUNCHCREW_SLACK_SIGNING_SECRET); timestamps older than 5 min and replays are refused.',
    security: [],
    'x-required-roles': [],
    responses: {
      200: {
        description: 'Decided',
        content: { 'application/json': { schema: z.object({ text: z.string() }) } },
      },
      401: errorResponse('Forged, stale or replayed request'),
      403: errorResponse('The Slack user is not an approver of this launch'),
      409: errorResponse('Already decided'),
      500: errorResponse('Unexpected server error'),
    },
  });
}
