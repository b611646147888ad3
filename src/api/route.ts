import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { type Role, roles } from '../auth/roles.ts';
import { authenticate, requireRole } from './auth.ts';
import { limitBody, maxBodyBytes, parseJsonBody } from './body.ts';
import type { ApiEnv } from './context.ts';
import { errorSchema } from './errors.ts';

/** Name of the bearer-token security scheme in the OpenAPI document. */
export const bearerScheme = 'bearerAuth';

/** Who may call an operation: anyone, any valid token, or tokens with one of the listed roles. */
export type Access = 'public' | 'any_role' | readonly Role[];

/**
 * An error response of an operation, for its `responses`.
 *
 * @example
 * responses: { 404: errorResponse('No such launch') }
 */
export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorSchema } } };
}

const bodyLimit = limitBody(maxBodyBytes);
const invalidRequest = {
  400: errorResponse('Invalid request: `invalid_request` (with `issues`) or `invalid_json`'),
};
const internalError = { 500: errorResponse('Unexpected server error (details in the server log)') };
const authErrors = {
  401: errorResponse('Missing, invalid or revoked bearer token'),
  403: errorResponse('The token does not have the required role'),
};

/**
 * Declares an operation and who may call it, from one place: the access becomes the route's
 * middleware (authentication, role check), its `security`, its `x-required-roles` and its
 * 401/403/500 responses in the OpenAPI document. Bodies are read only after the caller is
 * known: size limit, then JSON parsing (400 `invalid_json`).
 *
 * @example
 * const cancel = defineRoute(['lead'], { method: 'post', path: '/v1/launches/{id}/cancel', responses: {…} });
 * app.openapi(cancel, handler);
 */
export function defineRoute<const R extends RouteConfig>(access: Access, config: R) {
  const requiredRoles: readonly Role[] =
    access === 'any_role' ? roles : access === 'public' ? [] : access;
  const guarded = access !== 'public';
  const guards: MiddlewareHandler<ApiEnv>[] = !guarded
    ? []
    : access === 'any_role'
      ? [authenticate]
      : [authenticate, requireRole(requiredRoles)];
  const roleNote = !guarded
    ? 'Public: no token needed.'
    : access === 'any_role'
      ? 'Any role may call this.'
      : `Requires the role ${requiredRoles.join(' or ')}.`;
  return createRoute({
    ...config,
    description: [config.description, roleNote].filter(Boolean).join('\n\n'),
    security: guarded ? [{ [bearerScheme]: [] }] : [],
    'x-required-roles': [...requiredRoles],
    middleware: [...guards, bodyLimit, parseJsonBody],
    responses: {
      ...(config.request ? invalidRequest : {}),
      ...config.responses,
      ...(guarded ? authErrors : {}),
      ...internalError,
    },
  });
}
