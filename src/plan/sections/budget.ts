/** Approved budgets. */
import { z } from 'zod';
import { idSchema } from '../fields.ts';

export const budgetSchema = z
  .strictObject({
    paid_ads: z
      .strictObject({
        approved: z.boolean(),
        approved_by: idSchema.optional().meta({ description: 'Person who approved it.' }),
        daily_limit_usd: z.number().min(0).max(10_000).optional(),
      })
      .optional(),
  })
  .default({});
