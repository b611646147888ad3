import type { MiddlewareHandler } from 'hono';
import type { Role } from '../auth/roles.ts';
import { verifyToken } from '../auth/tokens.ts';
import { UserError } from '../shared/errors.ts';
import type { ApiEnv } from './context.ts';

const bearerPattern = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Requires `Authorization: Bearer <token>` with a valid, unrevoked token and stores the caller
 * as `c.var.principal`. Otherwise 401 `unauthorized` (with `WWW-Authenticate: Bearer`).
 *
 * @example
 * app.get('/v1/me', authenticate, (c) => c.json(c.var.principal));
 */
export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const secret = header ? bearerPattern.exec(header)?.[1] : undefined;
  if (!secret) {
    throw new UserError('unauthorized', 'send an API token: Authorization: Bearer <token>', {
      status: 401,
      path: ['headers', 'authorization'],
    });
  }
  const principal = await verifyToken(c.var.api.db, c.var.api.clock, secret);
  if (!principal) {
    throw new UserError('unauthorized', 'the API token is not valid or was revoked', {
      status: 401,
      path: ['headers', 'authorization'],
    });
  }
  c.set('principal', principal);
  await next();
};

/**
 * Allows only callers with one of `allowed` roles (after `authenticate`); others get 403
 * `forbidden` naming the role required.
 *
 * @example
 * app.post('/v1/launches', authenticate, requireRole(['lead']), handler);
 */
export function requireRole(allowed: readonly Role[]): MiddlewareHandler<ApiEnv> {
  const names = allowed.join(' or ');
  return async (c, next) => {
    const { role, name } = c.var.principal;
    if (!allowed.includes(role)) {
      throw new UserError(
        'forbidden',
        `this action requires the role ${names}; token '${name}' has the role ${role}`,
        { status: 403 },
      );
    }
    await next();
  };
}
