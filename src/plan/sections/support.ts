/** Support readiness (SPEC §1 31.1): roster, knowledge base, canned responses, ticketing. */
import { z } from 'zod';
import { httpUrlSchema, idSchema, offsetSchema } from '../fields.ts';

const shiftSchema = z.strictObject({
  person: idSchema,
  from: offsetSchema,
  to: offsetSchema,
});

const articleSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1),
  url: httpUrlSchema.optional(),
  features: z.array(z.string().min(1)).default([]),
});

const cannedResponseSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1),
  body: z.string().min(1),
});

export const supportSchema = z
  .strictObject({
    ticketing: idSchema.optional().meta({ description: 'Connector of kind ticketing.' }),
    roster: z.array(shiftSchema).default([]),
    knowledge_base: z
      .strictObject({ url: httpUrlSchema.optional(), articles: z.array(articleSchema).default([]) })
      .default({ articles: [] }),
    canned_responses: z.array(cannedResponseSchema).default([]),
  })
  .default({ roster: [], knowledge_base: { articles: [] }, canned_responses: [] });
