/** Where metrics come from: queried from a monitoring/analytics connector or pushed to the API. */
import { z } from 'zod';
import { durationSchema, idSchema } from '../fields.ts';

/** The metrics of SPEC §5 that a source can provide. */
export const metricNames = [
  'uptime',
  'error_rate',
  'p95_response_time',
  'new_users',
  'returning_users_48h',
  'nps',
  'tickets_per_hour',
  'first_response_time',
  'support_backlog',
  'email_open_rate',
  'email_click_rate',
  'ad_click_rate',
  'cost_per_acquisition',
] as const;

/** Name of a metric of SPEC §5. */
export type MetricName = (typeof metricNames)[number];

const querySchema = z.string().min(1).optional();

const queriedSourceSchema = z.strictObject({
  id: idSchema,
  mode: z.literal('query'),
  connector: idSchema.meta({ description: 'A connector of kind metric_source.' }),
  interval: durationSchema({ min: '10s', max: '1h' }).default('60s'),
  queries: z
    .strictObject(Object.fromEntries(metricNames.map((name) => [name, querySchema])))
    .meta({ description: 'Vendor query per metric, e.g. PromQL or a Datadog query.' }),
});

const pushedSourceSchema = z.strictObject({
  id: idSchema,
  mode: z.literal('push'),
  metrics: z.array(z.enum(metricNames)).min(1).meta({
    description: 'Metrics the venture pushes to the ingest API.',
  }),
});

const metricSourceSchema = z.discriminatedUnion('mode', [queriedSourceSchema, pushedSourceSchema]);

export const metricSourcesSchema = z.array(metricSourceSchema).default([]);
