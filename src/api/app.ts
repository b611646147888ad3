import { OpenAPIHono } from '@hono/zod-openapi';
import { pino } from 'pino';
import type { ApiContext, ApiEnv } from './context.ts';
import { errorHandler, notFoundHandler, validationHook } from './errors.ts';
import { ApiMetrics } from './metrics.ts';
import { registerDocumentation } from './openapi.ts';
import { registerActivationRoutes } from './routes/activations.ts';
import { registerApprovalRoutes } from './routes/approvals.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerCommsRoutes } from './routes/comms.ts';
import { registerDashboardRoutes } from './routes/dashboard.ts';
import { registerFeedbackRoutes } from './routes/feedback.ts';
import { registerGateRoutes } from './routes/gates.ts';
import { registerHandoffRoutes } from './routes/handoff.ts';
import { registerIncidentRoutes } from './routes/incidents.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerLaunchDecisionRoutes } from './routes/launch-decisions.ts';
import { registerLaunchRoutes } from './routes/launches.ts';
import { registerLiveRoutes } from './routes/live.ts';
import { registerMeRoute } from './routes/me.ts';
import { registerParameterRoutes } from './routes/parameters.ts';
import { registerPlanSchemaRoute } from './routes/plan-schema.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerVentureRoutes } from './routes/ventures.ts';
import { securityHeaders, serveWebApp } from './static-app.ts';

export type { ApiContext } from './context.ts';

/**
 * The LaunchCrew HTTP API: `/v1` resources with token auth and roles, probes, Prometheus
 * metrics, the OpenAPI document (`/openapi.json`) and its reference page (`/docs`).
 *
 * @example
 * const app = createApi({ db, clock, isReady: () => isMigrated(db), version: '0.1.0' });
 * serve({ fetch: app.fetch, port: 7300 });
 */
export function createApi(ctx: ApiContext): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const metrics = new ApiMetrics();
  app.onError(errorHandler(ctx.logger ?? pino({ name: 'launchcrew-api' })));
  app.notFound(notFoundHandler);
  app.use('*', metrics.middleware);
  app.use('*', securityHeaders);
  app.use('*', async (c, next) => {
    c.set('api', ctx);
    await next();
  });

  registerSystemRoutes(app, metrics);
  registerPlanSchemaRoute(app);
  registerMeRoute(app);
  registerLaunchRoutes(app);
  registerLaunchDecisionRoutes(app);
  registerParameterRoutes(app);
  registerVentureRoutes(app);
  registerAuditRoutes(app);
  registerIngestRoutes(app);
  registerIncidentRoutes(app);
  registerApprovalRoutes(app);
  registerCommsRoutes(app);
  registerGateRoutes(app);
  registerFeedbackRoutes(app);
  registerHandoffRoutes(app);
  registerActivationRoutes(app);
  registerLiveRoutes(app);
  registerDashboardRoutes(app);
  serveWebApp(app, ctx.webDist ? { dist: ctx.webDist } : {});
  registerDocumentation(app, ctx.version);
  return app;
}
