import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  FeedbackInvalidError,
  maxFeedbackBatch,
  recordFeedback,
} from '../../feedback/feedback-record.ts';
import { feedbackReport } from '../../feedback/feedback-report.ts';
import {
  feedbackCategories,
  feedbackKinds,
  sentiments,
  ticketPriorities,
} from '../../feedback/feedback-tables.ts';
import { findLaunchRow } from '../../launch/launch-service.ts';
import type { ApiEnv } from '../context.ts';
import { errorBody } from '../errors.ts';
import { defineRoute, errorResponse } from '../route.ts';
import { launchIdParams } from '../schemas.ts';

const tags = ['Feedback'];

const feedbackItemDoc = z
  .object({
    kind: z.enum(feedbackKinds),
    external_id: z
      .string()
      .openapi({ description: 'Unique per launch and kind; a re-sent item is skipped' }),
    category: z.enum(feedbackCategories).optional(),
    sentiment: z.enum(sentiments).optional(),
    priority: z.enum(ticketPriorities).optional().openapi({ description: 'Tickets only' }),
    nps_score: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .openapi({ description: 'Survey answers only (required there)' }),
    text: z.string().optional(),
    source: z.string().optional().openapi({ example: 'zendesk' }),
    at: z.string().optional().openapi({ format: 'date-time' }),
  })
  .openapi('FeedbackItem', {
    description: 'Missing category and sentiment are filled by a keyword classifier.',
  });

const share = z.object({ count: z.number().int(), percent: z.number() });
const reportSchema = z
  .object({
    launchId: z.string(),
    dataPoints: z.number().int(),
    counts: z.object({
      tickets: z.number().int(),
      surveys: z.number().int(),
      interviews: z.number().int(),
    }),
    byCategory: z.array(
      z.object({
        category: z.enum(feedbackCategories),
        count: z.number().int(),
        percent: z.number(),
        topKeywords: z.array(z.string()),
      }),
    ),
    themes: z.array(
      z.object({
        keyword: z.string(),
        count: z.number().int(),
        percent: z.number(),
        of: z.enum(['tickets', 'feedback items']),
        sentence: z.string().openapi({ example: '40 % of tickets are about login' }),
      }),
    ),
    sentiment: z.object({ positive: share, neutral: share, negative: share }),
    nps: z
      .object({
        nps: z.number(),
        n: z.number().int(),
        promoters: z.number().int(),
        passives: z.number().int(),
        detractors: z.number().int(),
        ci95: z.tuple([z.number(), z.number()]),
      })
      .nullable(),
    urgentTickets: z.array(
      z.object({
        externalId: z.string(),
        priority: z.enum(ticketPriorities),
        category: z.enum(feedbackCategories),
        text: z.string(),
        source: z.string(),
        at: z.string(),
      }),
    ),
  })
  .openapi('FeedbackReport');

const recordRoute = defineRoute(['lead', 'support'], {
  method: 'post',
  path: '/v1/launches/{id}/feedback',
  tags,
  summary: 'Record feedback (tickets, survey answers, interviews)',
  description: `Up to ${maxFeedbackBatch} items, stored all or none; an item whose kind and external_id were stored before is skipped (idempotent). Bad items answer 422 \`invalid_feedback\` with one issue per bad field (\`["body","items",i,field]\`).`,
  request: {
    params: launchIdParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            items: z
              .array(
                z
                  .record(z.string(), z.unknown())
                  .openapi({ description: 'A FeedbackItem (see its schema)' }),
              )
              .min(1)
              .max(maxFeedbackBatch),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What the batch did',
      content: {
        'application/json': {
          schema: z.object({
            received: z.number().int(),
            stored: z.number().int(),
            duplicates: z.number().int(),
          }),
        },
      },
    },
    404: errorResponse('No such launch'),
    422: errorResponse(
      'Bad items (`invalid_feedback`, every bad field in `issues`); nothing stored',
    ),
  },
});

const reportRoute = defineRoute('any_role', {
  method: 'get',
  path: '/v1/launches/{id}/feedback',
  tags,
  summary: 'Feedback report of a launch',
  description:
    'Data points, category mix, themes ("40 % of tickets are about login"), sentiment, NPS with n and a 95 % confidence interval, P0/P1 tickets.',
  request: { params: launchIdParams },
  responses: {
    200: {
      description: 'The report',
      content: { 'application/json': { schema: z.object({ report: reportSchema }) } },
    },
    404: errorResponse('No such launch'),
  },
});

/**
 * Registers the feedback routes.
 *
 * @example
 * registerFeedbackRoutes(app);
 */
export function registerFeedbackRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openAPIRegistry.register('FeedbackItem', feedbackItemDoc);
  app.openapi(recordRoute, async (c) => {
    const { db, clock } = c.var.api;
    try {
      const result = await recordFeedback(
        db,
        clock,
        c.req.valid('param').id,
        c.req.valid('json').items,
      );
      return c.json(result, 200);
    } catch (error) {
      if (!(error instanceof FeedbackInvalidError)) throw error;
      const issues = error.errors.map((e) => ({
        path: ['body', 'items', e.index, ...e.field.split('.')],
        code: 'invalid_feedback_item',
        message: e.message,
      }));
      return c.json(errorBody(error.code, error.message, ['body', ...error.path], { issues }), 422);
    }
  });
  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    await findLaunchRow(c.var.api.db, id);
    return c.json({ report: await feedbackReport(c.var.api.db, id) }, 200);
  });
}
