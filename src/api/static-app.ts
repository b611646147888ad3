/**
 * Serves the built dashboard (web/dist) and sets the security headers of every HTML answer
 * (ADR 0010).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Hono, MiddlewareHandler } from 'hono';
import type { ApiEnv } from './context.ts';

/** The dashboard build of this package (`npm run build:web`). */
export const defaultWebDist = resolve(import.meta.dirname, '../../web/dist');

/** Policy of the dashboard: its own scripts, styles and API only. */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Policy of the server-rendered pages (/docs, /status, approval links): inline `<style>` only. */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const immutable = 'public, max-age=31536000, immutable';
const notBuilt = 'the dashboard is not built: run npm run build:web\n';

/**
 * Adds `X-Content-Type-Options`, `Referrer-Policy` and, on HTML answers without a policy of
 * their own, the server-rendered pages' Content-Security-Policy.
 *
 * @example
 * app.use('*', securityHeaders);
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('Referrer-Policy', 'no-referrer');
  const isHtml = (c.res.headers.get('content-type') ?? '').startsWith('text/html');
  if (isHtml && !c.res.headers.has('Content-Security-Policy')) {
    c.res.headers.set('Content-Security-Policy', pageContentSecurityPolicy);
  }
};

/**
 * Serves the dashboard: `/` and `/app/*` answer index.html (`no-cache`; client routes fall back
 * to it), `/assets/*` and other files of the build answer themselves (hashed `/assets/` files
 * cached for a year). Without a build, `/` and `/app/*` answer 503 with what to run.
 *
 * @example
 * serveWebApp(app); // after the API routes
 * serveWebApp(app, { dist: '/tmp/empty' }); // 503 page
 */
export function serveWebApp(app: Hono<ApiEnv>, options: { dist?: string } = {}): void {
  const dist = resolve(options.dist ?? defaultWebDist);
  const indexPage = async (): Promise<Response> => {
    const html = await readFile(join(dist, 'index.html')).catch(() => null);
    if (!html) {
      return new Response(notBuilt, {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    return new Response(html, {
      headers: {
        'content-type': contentTypes['.html'] ?? 'text/html',
        'cache-control': 'no-cache',
        'Content-Security-Policy': appContentSecurityPolicy,
      },
    });
  };
  app.get('/', () => indexPage());
  app.get('/app', () => indexPage());
  app.get('/app/*', () => indexPage());
  app.get('/assets/*', async (c) => (await buildFile(dist, c.req.path)) ?? c.notFound());
  app.get('/favicon.ico', async (c) => (await buildFile(dist, c.req.path)) ?? c.notFound());
}

/** A file of the build (never outside it), or null. */
async function buildFile(dist: string, urlPath: string): Promise<Response | null> {
  const path = resolve(dist, `.${decodeURIComponent(urlPath)}`);
  if (!path.startsWith(dist + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const hashed = urlPath.startsWith('/assets/');
  return new Response(await readFile(path), {
    headers: {
      'content-type': contentTypes[extname(path)] ?? 'application/octet-stream',
      'cache-control': hashed ? immutable : 'no-cache',
    },
  });
}
