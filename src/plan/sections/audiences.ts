/** Audiences of activations: an inline list of addresses, or a list kept at a connector. */
import { z } from 'zod';
import { idSchema } from '../fields.ts';

const inlineAudienceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('inline'),
  name: z.string().min(1).optional(),
  members: z.array(z.email({ error: 'must be an e-mail address' })).max(10_000),
});

const connectorListAudienceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('list'),
  name: z.string().min(1).optional(),
  connector: idSchema.meta({ description: 'Connector that holds the list, e.g. Mailchimp.' }),
  list_id: z.string().min(1).meta({ description: 'The list id at the vendor.' }),
  expected_size: z
    .int()
    .min(0)
    .optional()
    .meta({ description: 'Expected number of recipients; 0 means the list is empty.' }),
});

const audienceSchema = z.discriminatedUnion('kind', [
  inlineAudienceSchema,
  connectorListAudienceSchema,
]);

export const audiencesSchema = z.array(audienceSchema).default([]);
