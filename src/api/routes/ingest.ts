import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../../auth/roles.ts';
import { InvalidBatchError, maxBatchBytes } from '../../metrics/ingest/batch-body.ts';
import { ingestKeyFromHeader } from '../../metrics/ingest/ingest-credentials.ts';
import {
  createIngestKey,
  type IngestPrincipal,
  isUuid,
  listIngestKeys,
  revokeIngestKey,
  verifyIngestKey,
} from '../../metrics/ingest/ingest-keys.ts';
import { ingestSamples, ingestSegmentCalls } from '../../metrics/ingest/ingest-service.ts';
import {
  ingestSendgridEvents,
  setSendgridWebhookKey,
} from '../../metrics/ingest/sendgrid-webhook.ts';
import { readSeries } from '../../metrics/samples/series-query.ts';
import { UserError } from '../../shared/errors.ts';
import { limitBody } from '../body.ts';
import type { ApiEnv } from '../context.ts';
import { errorBody } from '../errors.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams } from '../schemas.ts';

const ventureParams = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'acme-notes' }),
});
const ingestKeySchema = z
  .object({
    id: z.string(),
    ventureId: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('IngestKey');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const createKeyRoute = defineRoute(['lead'], {
  method: 'post',
  path: '/v1/ventures/{id}/ingest-keys',
  tags: ['Ingest'],
  summary: 'Create an ingest key (Segment write key) for a venture',
  description: 'The secret is shown once; only its SHA-256 is stored.',
  request: {
    params: ventureParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: z
              .string()
              .trim()
              .regex(/^[\w.@-]{1,64}$/),
          }),
        },
      },
    },
  },
  responses: {
    201: json(z.object({ key: ingestKeySchema, secret: z.string() }), 'The key and its secret'),
    404: errorResponse('No such venture'),
  },
});
const listKeysRoute = defineRoute(['lead'], {
  method: 'get',
  path: '/v1/ventures/{id}/ingest-keys',
  tags: ['Ingest'],
  summary: "A venture's ingest keys (without secrets)",
  request: { params: ventureParams },
  responses: { 200: json(z.object({ keys: z.array(ingestKeySchema) }), 'Keys, newest first') },
});
const revokeKeyRoute = defineRoute(['lead'], {
  method: 'delete',
  path: '/v1/ventures/{id}/ingest-keys/{keyId}',
  tags: ['Ingest'],
  summary: 'Revoke an ingest key',
  request: { params: ventureParams.extend({ keyId: z.string().max(100) }) },
  responses: {
    200: json(z.object({ revoked: z.literal(true) }), 'Revoked'),
    404: errorResponse('No such active key of this venture'),
  },
});
const sendgridKeyRoute = defineRoute(['lead'], {
  method: 'put',
  path: '/v1/ventures/{id}/sendgrid-webhook-key',
  tags: ['Ingest'],
  summary: "Set the venture's SendGrid Event Webhook verification key",
  description: 'The base64 ECDSA public key from SendGrid → Mail Settings → Signed Event Webhook.',
  request: {
    params: ventureParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ publicKey: z.string().min(1).max(4096) }) },
      },
    },
  },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), 'Stored'),
    404: errorResponse('No such venture'),
  },
});

const stepUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const chartRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/metrics/{name}',
  tags: ['Metrics'],
  summary: 'Chart points of a pushed metric',
  description:
    'Downsampled from the 1-minute rollup: one series per label set, each bucket with count, avg, min, max and last. ' +
    'Defaults: `to` now, `from` 24 h before, `step` the smallest of 1m/5m/15m/1h/6h/1d giving ≤ 1,440 points.',
  request: {
    params: launchIdParams.extend({ name: z.string().max(200) }),
    query: z.object({
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      step: z
        .string()
        .regex(/^\d+[smhd]?$/, 'a number of seconds or 1m, 5m, 1h …')
        .optional(),
    }),
  },
  responses: {
    200: json(
      z.object({
        name: z.string(),
        from: z.string(),
        to: z.string(),
        stepSeconds: z.number(),
        series: z.array(
          z.object({
            labels: z.record(z.string(), z.string()),
            points: z.array(
              z.object({
                t: z.string(),
                count: z.number(),
                avg: z.number(),
                min: z.number(),
                max: z.number(),
                last: z.number(),
              }),
            ),
          }),
        ),
      }),
      'Series',
    ),
    404: errorResponse('No such launch'),
  },
});

/**
 * Registers ingest keys, `POST /v1/metrics`, the Segment-compatible `POST /v1/batch|track|identify|page`,
 * the signed SendGrid Event Webhook and the metric chart query.
 *
 * @example
 * registerIngestRoutes(app);
 */
export function registerIngestRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(createKeyRoute, async (c) => {
    const { api, principal } = c.var;
    const created = await api.db.transaction().execute((trx) =>
      createIngestKey(trx, api.clock, {
        ventureId: c.req.valid('param').id,
        name: c.req.valid('json').name,
        actor: actorOf(principal),
      }),
    );
    return c.json(created, 201);
  });
  app.openapi(listKeysRoute, async (c) =>
    c.json({ keys: await listIngestKeys(c.var.api.db, c.req.valid('param').id) }, 200),
  );
  app.openapi(revokeKeyRoute, async (c) => {
    const { id, keyId } = c.req.valid('param');
    const { api, principal } = c.var;
    const revoked = await api.db
      .transaction()
      .execute((trx) =>
        revokeIngestKey(trx, api.clock, { ventureId: id, keyId, actor: actorOf(principal) }),
      );
    if (!revoked) {
      throw new UserError('not_found', `venture '${id}' has no active ingest key ${keyId}`, {
        status: 404,
        path: ['params', 'keyId'],
      });
    }
    return c.json({ revoked: true as const }, 200);
  });
  app.openapi(sendgridKeyRoute, async (c) => {
    const { api, principal } = c.var;
    await api.db.transaction().execute((trx) =>
      setSendgridWebhookKey(trx, api.clock, {
        ventureId: c.req.valid('param').id,
        publicKey: c.req.valid('json').publicKey,
        actor: actorOf(principal),
      }),
    );
    return c.json({ ok: true as const }, 200);
  });
  app.openapi(chartRoute, async (c) => {
    const { id, name } = c.req.valid('param');
    const query = c.req.valid('query');
    const launch = isUuid(id)
      ? await c.var.api.db
          .selectFrom('launches')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!launch)
      throw new UserError('not_found', `no launch ${id}`, { status: 404, path: ['params', 'id'] });
    const to = query.to ? new Date(query.to) : c.var.api.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
    const stepSeconds = query.step
      ? parseStep(query.step)
      : autoStep(to.getTime() - from.getTime());
    const series = await readSeries(c.var.api.db, { launchId: id, name, from, to, stepSeconds });
    return c.json(
      { name, from: from.toISOString(), to: to.toISOString(), stepSeconds, series },
      200,
    );
  });

  const ingestLimit = limitBody(maxBatchBytes);
  app.post('/v1/metrics', ingestLimit, (c) =>
    answerBatch(c, async (principal) => {
      const launchId = c.req.query('launch_id');
      const result = await ingestSamples(c.var.api, principal, await bodyOf(c), launchId);
      return c.json(result, 200);
    }),
  );
  for (const endpoint of ['batch', 'track', 'identify', 'page'] as const) {
    app.post(`/v1/${endpoint}`, ingestLimit, (c) =>
      answerBatch(c, async (principal) => {
        await ingestSegmentCalls(c.var.api, principal, endpoint, await bodyOf(c));
        return c.json({ success: true }, 200);
      }),
    );
  }
  app.post('/v1/webhooks/sendgrid/:ventureId', ingestLimit, async (c) => {
    const stored = await ingestSendgridEvents(c.var.api, c.req.param('ventureId'), {
      payload: await c.req.text(),
      signature: c.req.header('x-twilio-email-event-webhook-signature'),
      timestamp: c.req.header('x-twilio-email-event-webhook-timestamp'),
    });
    return c.json({ stored }, 200);
  });
  registerIngestDocumentation(app);
}

/** Authenticates the ingest key, runs `handle`, and answers a rejected batch with every bad item. */
async function answerBatch(
  c: Context<ApiEnv>,
  handle: (principal: IngestPrincipal) => Promise<Response>,
): Promise<Response> {
  const secret = ingestKeyFromHeader(c.req.header('authorization'));
  const principal = secret ? await verifyIngestKey(c.var.api.db, c.var.api.clock, secret) : null;
  if (!principal) {
    throw new UserError(
      'unauthorized',
      'send a valid ingest key: Authorization: Bearer <key>, or HTTP Basic with the key as user name',
      { status: 401, path: ['headers', 'authorization'] },
    );
  }
  try {
    return await handle(principal);
  } catch (error) {
    if (!(error instanceof InvalidBatchError)) throw error;
    const body = errorBody(error.code, error.message, error.path);
    return c.json({ error: { ...body.error, items: error.items } }, 400);
  }
}

async function bodyOf(c: Context<ApiEnv>) {
  return { text: await c.req.text(), contentType: c.req.header('content-type') };
}

function parseStep(step: string): number {
  const unit = step.at(-1) ?? '';
  const factor = stepUnits[unit];
  return factor ? Number(step.slice(0, -1)) * factor : Number(step);
}

function autoStep(rangeMs: number): number {
  const steps = [60, 300, 900, 3600, 21_600, 86_400];
  return steps.find((s) => rangeMs / (s * 1000) <= 1440) ?? 86_400;
}

function registerIngestDocumentation(app: OpenAPIHono<ApiEnv>): void {
  const batchError = errorResponse(
    '`invalid_batch` with `items:[{index,path,message}]` (nothing stored), or `invalid_json`',
  );
  const internal = { 500: errorResponse('Unexpected server error (details in the server log)') };
  const common = {
    security: [{ ingestKey: [] }],
    'x-required-roles': [],
    responses: {
      ...internal,
      400: batchError,
      401: errorResponse('Missing, unknown or revoked ingest key'),
      409: errorResponse('The venture has no launch in progress (send launch_id)'),
      413: errorResponse('More than 5,000 items or 5 MB'),
    },
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'ingestKey', {
    type: 'http',
    scheme: 'basic',
    description:
      'An ingest key (`lck_…`) as the Basic user name (Segment write key), or as a Bearer token.',
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/metrics',
    tags: ['Ingest'],
    summary: 'Push metric samples',
    description:
      'JSON `{samples:[{name, labels?, value, timestamp?}], launch_id?}` or NDJSON (`application/x-ndjson`, one sample per line). ' +
      'The batch is stored whole or not at all. Timestamps: RFC 3339 or Unix ms, ≤ 5 min ahead, ≤ 1 h back.',
    request: { query: z.object({ launch_id: z.string().optional() }) },
    ...common,
    responses: {
      200: json(z.object({ launchId: z.string(), accepted: z.number() }), 'Stored'),
      ...common.responses,
    },
  });
  for (const endpoint of ['batch', 'track', 'identify', 'page']) {
    app.openAPIRegistry.registerPath({
      method: 'post',
      path: `/v1/${endpoint}`,
      tags: ['Ingest'],
      summary: `Segment-compatible ${endpoint} call`,
      description:
        'The Segment HTTP Tracking API shape; `messageId` makes a call idempotent; `context.launch_id` targets a launch.' +
        (endpoint === 'batch' ? ' NDJSON (one call per line) is accepted too.' : ''),
      ...common,
      responses: {
        200: json(z.object({ success: z.literal(true) }), 'Stored'),
        ...common.responses,
      },
    });
  }
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/webhooks/sendgrid/{ventureId}',
    tags: ['Ingest'],
    summary: 'SendGrid signed Event Webhook',
    description:
      'Verified with the venture key (ECDSA over timestamp + body; timestamps within 5 min).',
    request: { params: z.object({ ventureId: z.string() }) },
    security: [],
    'x-required-roles': [],
    responses: {
      200: json(z.object({ stored: z.number() }), 'Stored (repeated sg_event_id are skipped)'),
      401: errorResponse('Bad or missing signature, stale timestamp, or no key configured'),
      ...internal,
    },
  });
}
