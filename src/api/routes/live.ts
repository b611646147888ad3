import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { runEventStream } from '../../live/event-stream.ts';
import { UserError } from '../../shared/errors.ts';
import type { ApiEnv } from '../context.ts';
import { defineRoute, errorResponse } from '../route.ts';

const eventIdSchema = z.string().regex(/^\d{1,18}$/, 'an event id (a whole number)');

const eventsRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/events',
  tags: ['Dashboard'],
  summary: 'Live events (Server-Sent Events)',
  description:
    'A `text/event-stream` of `id: <id>` / `event: <kind>` / `data: <json>` frames (kinds audit, launch, ' +
    'incident, trigger, runbook, approval, activation, sample; `reset` when more than 5,000 were missed), ' +
    'a `: heartbeat` comment every 15 s and `retry: 1000`. With `launch` only that launch (samples ' +
    'included), without it every launch except samples. Resume with the `Last-Event-ID` header (or ' +
    '`since`): missed events are replayed first. Read it with `fetch` so the token stays in the ' +
    'Authorization header (docs/dashboard-api.md).',
  request: {
    query: z.object({
      launch: z.uuid().optional().openapi({ description: 'Only events of this launch' }),
      since: eventIdSchema.optional().openapi({ description: 'Replay events after this id' }),
    }),
    headers: z.object({
      'last-event-id': eventIdSchema
        .optional()
        .openapi({ description: 'Replay events after this id (wins over `since`)' }),
    }),
  },
  responses: {
    200: {
      description: 'The event stream (until the client disconnects)',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    503: errorResponse('This process serves no live events (no LISTEN connection configured)'),
  },
});

/**
 * Registers `GET /v1/events`, the dashboard's live event stream.
 *
 * @example
 * registerLiveRoutes(app);
 */
export function registerLiveRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(eventsRoute, async (c) => {
    const { db, liveEvents } = c.var.api;
    if (!liveEvents) {
      throw new UserError(
        'live_events_unavailable',
        'this server was started without live events',
        {
          status: 503,
        },
      );
    }
    const query = c.req.valid('query');
    const since = c.req.valid('header')['last-event-id'] ?? query.since;
    return streamSSE(c, (stream) =>
      runEventStream(
        stream,
        { db, hub: liveEvents },
        {
          filter: { launchId: query.launch },
          since: since === undefined ? undefined : Number(since),
        },
      ),
    ) as never;
  });
}
