import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { evaluateExitGates } from '../../launch/handoff/exit-gates.ts';
import { getHandoff } from '../../launch/handoff/handoff-job.ts';
import { renderHandoffMarkdown } from '../../launch/handoff/handoff-markdown.ts';
import { buildHandoffPackage } from '../../launch/handoff/handoff-package.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams } from '../schemas.ts';

const tags = ['Handoff'];

const handoffSchema = z
  .object({
    stored: z.boolean().openapi({
      description: 'false: the handoff job has not run yet and this is a preview built now',
    }),
    eventId: z.string().nullable().openapi({ description: 'Id of the MVP_LAUNCHED event' }),
    builtAt: z.string(),
    package: z.record(z.string(), z.unknown()).openapi({
      description:
        'retrospective, feedbackSummary, metricsSnapshot, knownIssues, customerSuccessOnboarding',
    }),
  })
  .openapi('Handoff');

const exitGatesSchema = z
  .object({
    launchId: z.string(),
    evaluatedAt: z.string(),
    passed: z.boolean(),
    gates: z.array(
      z.object({
        id: z.enum(['data_coverage', 'incidents_resolved', 'feedback', 'test_alert']),
        passed: z.boolean(),
        detail: z.string(),
        evidence: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('ExitGates');

const handoffRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/handoff',
  tags,
  summary: 'Stage 32 handoff package',
  description:
    'The stored package (retrospective, feedback report, metrics snapshot with 7-day baseline, known issues, customer-success plan), or a preview before the handoff ran. `?format=markdown` answers the rendered document.',
  request: {
    params: launchIdParams,
    query: z.object({ format: z.enum(['json', 'markdown']).optional() }),
  },
  responses: {
    200: {
      description: 'The package',
      content: {
        'application/json': { schema: z.object({ handoff: handoffSchema }) },
        'text/markdown': { schema: z.string() },
      },
    },
    404: errorResponse('No such launch'),
  },
});

const exitGatesRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/exit-gates',
  tags,
  summary: 'Exit gates of the monitoring phase',
  description:
    '≥ 7 days of data without a gap over 15 min, all P0/P1 incidents resolved, ≥ 50 feedback data points, ≥ 1 validated alert; each with its evidence.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'The gates',
      content: { 'application/json': { schema: z.object({ exitGates: exitGatesSchema }) } },
    },
    404: errorResponse('No such launch'),
  },
});

/**
 * Registers the handoff and exit-gate routes.
 *
 * @example
 * registerHandoffRoutes(app);
 */
export function registerHandoffRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(handoffRoute, async (c) => {
    const { db, clock } = c.var.api;
    const { id } = c.req.valid('param');
    await findLaunchRow(db, id);
    const stored = await getHandoff(db, id);
    const pkg = stored?.package ?? (await buildHandoffPackage(db, clock, id));
    if (c.req.valid('query').format === 'markdown') {
      return c.body(stored?.markdown ?? renderHandoffMarkdown(pkg), 200, {
        'content-type': 'text/markdown; charset=utf-8',
      });
    }
    const handoff = {
      stored: stored !== undefined,
      eventId: stored?.eventId ?? null,
      builtAt: pkg.builtAt,
      package: pkg as unknown as Record<string, unknown>,
    };
    return c.json({ handoff }, 200);
  });
  app.openapi(exitGatesRoute, async (c) => {
    const { db, clock } = c.var.api;
    return c.json({ exitGates: await evaluateExitGates(db, clock, c.req.valid('param').id) }, 200);
  });
}
