import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { listAudit } from '../../audit/audit-log.ts';
import type { AuditRow } from '../../store/schema.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute } from '../route.ts';
import { limitSchema } from '../schemas.ts';

const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().openapi({ format: 'date-time' }),
    actor: z.string().openapi({ example: 'token:ana' }),
    action: z.string().openapi({ example: 'parameter.override' }),
    subjectType: z.string(),
    subjectId: z.string(),
    launchId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

const listRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/audit',
  tags: ['Audit'],
  summary: 'Read the audit log, newest first',
  description: 'Page backwards with `before` = the `nextBefore` of the previous page.',
  request: {
    query: z.object({
      launchId: z.uuid().optional().openapi({ description: 'Only entries of this launch' }),
      action: z.string().max(100).optional().openapi({ example: 'launch.cancel' }),
      before: z
        .string()
        .regex(/^\d{1,18}$/, 'an audit entry id')
        .optional()
        .openapi({ description: 'Only entries older than this id' }),
      limit: limitSchema,
    }),
  },
  responses: {
    200: {
      description: 'Entries, and the cursor of the next page (null on the last page)',
      content: {
        'application/json': {
          schema: z.object({
            entries: z.array(auditEntrySchema),
            nextBefore: z.string().nullable(),
          }),
        },
      },
    },
  },
});

/**
 * Registers `GET /v1/audit`.
 *
 * @example
 * registerAuditRoutes(app);
 */
export function registerAuditRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit ?? 100;
    const rows = await listAudit(c.var.api.db, { ...query, limit });
    const last = rows.at(-1);
    return c.json(
      { entries: rows.map(toEntry), nextBefore: rows.length === limit && last ? last.id : null },
      200,
    );
  });
}

function toEntry(row: AuditRow) {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    launchId: row.launch_id,
    detail: row.detail,
  };
}
