import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './context.ts';
import { type ApiDocument, renderDocsPage } from './docs-page.ts';
import { bearerScheme } from './route.ts';

const description =
  "Runs a venture's MVP launch. Every route except the probes, `/metrics`, this reference and the " +
  'plan schema needs `Authorization: Bearer <token>` (create one with `launchcrew token create`). ' +
  'Errors are JSON `{"error":{"code","message","path"}}`.';

/**
 * Serves the OpenAPI 3.1 document at `GET /openapi.json` and its HTML reference at `GET /docs`.
 * The document is generated once, on first request, from the schemas of the registered routes.
 *
 * @example
 * registerDocumentation(app, '0.1.0'); // after the routes
 */
export function registerDocumentation(app: OpenAPIHono<ApiEnv>, version: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', bearerScheme, {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`lct_…`); its role decides what it may do.',
  });
  let document: ApiDocument | undefined;
  let page: string | undefined;
  const getDocument = (): ApiDocument => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'LaunchCrew API', version, description },
    });
    return document;
  };
  app.get('/openapi.json', (c) => c.json(getDocument()));
  app.get('/docs', (c) => {
    page ??= renderDocsPage(getDocument());
    return c.html(page);
  });
}
