/** Connections to vendors. Secrets are never written here, only the names of variables. */
import { z } from 'zod';
import { idSchema } from '../fields.ts';

export const connectorKinds = [
  'email',
  'chat',
  'paging',
  'social',
  'ads',
  'status_page',
  'ticketing',
  'metric_source',
  'deploy',
  'dns',
  'cdn',
  'storage',
] as const;

/** Kind of a connector. */
export type ConnectorKind = (typeof connectorKinds)[number];

const configValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
]);

const connectorSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(connectorKinds),
  vendor: z
    .string()
    .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, { error: 'must be a vendor id, e.g. "sendgrid"' })
    .meta({ description: 'Connector vendor id, e.g. sendgrid, mailchimp, slack, pagerduty.' }),
  config: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'config keys are snake_case' }),
      configValueSchema,
    )
    .optional()
    .meta({
      description:
        'Vendor settings. Secrets only by environment-variable name in keys ending "_env", e.g. api_key_env: SENDGRID_API_KEY.',
    }),
});

export const connectorsSchema = z.array(connectorSchema).default([]);
