import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { PlanInvalidError } from '../launch/launch-service.ts';
import { UserError } from '../shared/errors.ts';
import { problemSchema } from './schemas.ts';

const pathSchema = z.array(z.union([z.string(), z.number()]));

const issueSchema = z.object({
  path: pathSchema,
  code: z.string(),
  message: z.string(),
});

/** The body of every error answer: `{error:{code,message,path}}`, plus details for some codes. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      path: pathSchema.openapi({ description: 'Where the problem is, e.g. ["body","reason"]' }),
      issues: z
        .array(issueSchema)
        .optional()
        .openapi({ description: 'Every invalid field (invalid_request)' }),
      problems: z
        .array(problemSchema)
        .optional()
        .openapi({ description: 'Every plan problem (invalid_plan)' }),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof errorSchema>;
type ErrorDetails = Pick<ErrorBody['error'], 'issues' | 'problems'>;

/**
 * Builds an error body.
 *
 * @example
 * c.json(errorBody('not_found', 'no route GET /nope'), 404);
 */
export function errorBody(
  code: string,
  message: string,
  path: ReadonlyArray<string | number> = [],
  details: ErrorDetails = {},
): ErrorBody {
  return { error: { code, message, path: [...path], ...details } };
}

/** Names of the parts of a request as they appear in error paths. */
const targetNames: Record<string, string> = {
  json: 'body',
  param: 'params',
  query: 'query',
  header: 'headers',
};

/**
 * The `defaultHook` of the API: a zod failure becomes 400 `invalid_request` naming the first bad
 * field, with every issue listed.
 *
 * @example
 * new OpenAPIHono({ defaultHook: validationHook });
 */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const target = targetNames[result.target] ?? result.target;
  const issues = result.error.issues.map((issue) => ({
    path: [target, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))],
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0] ?? { path: [target], message: 'invalid request' };
  return c.json(
    errorBody('invalid_request', `${first.path.join('.')}: ${first.message}`, first.path, {
      issues,
    }),
    400,
  );
}

/** Something that can log an unexpected error (pino's `logger.error` fits). */
export interface ErrorLogger {
  error(details: object, message: string): void;
}

const httpExceptionCodes: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * The `onError` of the API. A `UserError` answers with its own status, code and path; anything
 * unexpected is logged and answers 500 `internal` with a generic message (no stack, SQL or
 * secrets ever reach the client).
 *
 * @example
 * app.onError(errorHandler(pino()));
 */
export function errorHandler(logger: ErrorLogger): ErrorHandler {
  return (error, c) => {
    if (error instanceof UserError) {
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer');
      const details = error instanceof PlanInvalidError ? { problems: error.problems } : {};
      return c.json(
        errorBody(error.code, error.message, error.path, details),
        error.status as ContentfulStatusCode,
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = httpExceptionCodes[error.status] ?? 'http_error';
      return c.json(errorBody(code, error.message || code), error.status);
    }
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled API error');
    return c.json(
      errorBody('internal', 'internal server error; the details are in the server log'),
      500,
    );
  };
}

/**
 * The `notFound` of the API: 404 `not_found` naming the method and path.
 *
 * @example
 * app.notFound(notFoundHandler);
 */
export const notFoundHandler: NotFoundHandler = (c) =>
  c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404);
