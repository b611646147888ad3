import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { maxPlanBytes } from '../plan/plan-text.ts';
import { UserError } from '../shared/errors.ts';

/** Largest request body the API reads: the largest plan, with room for JSON escaping. */
export const maxBodyBytes = maxPlanBytes + 1024 * 1024;

/**
 * Rejects bodies over `maxBytes` with 413 `payload_too_large`, whether or not the client sent a
 * Content-Length.
 *
 * @example
 * app.use('*', limitBody(maxBodyBytes));
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new UserError(
        'payload_too_large',
        `the request body is larger than ${maxBytes} bytes`,
        {
          status: 413,
          path: ['body'],
        },
      );
    },
  });
}

const jsonMediaType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Parses a JSON body up front so malformed JSON answers 400 `invalid_json` (with the parser's
 * message) before any route sees it. The parsed body is cached for the validators.
 *
 * @example
 * app.use('*', parseJsonBody);
 */
export const parseJsonBody: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header('content-type');
  if (c.req.raw.body && contentType && jsonMediaType.test(contentType)) {
    try {
      await c.req.json();
    } catch (error) {
      const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
      throw new UserError('invalid_json', `the request body is not valid JSON${detail}`, {
        path: ['body'],
      });
    }
  }
  await next();
};
