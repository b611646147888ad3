/** The venture being launched and its go-to-market targets. */
import { z } from 'zod';
import { countryCodeSchema, httpUrlSchema, slugSchema, timeZoneSchema } from '../fields.ts';

export const ventureSchema = z
  .strictObject({
    id: slugSchema,
    name: z.string().min(1).max(200),
    production_url: httpUrlSchema.meta({ description: 'Public URL of the product; monitored.' }),
    staging_url: httpUrlSchema.meta({ description: 'Staging URL; rollback drills run here.' }),
    timezone: timeZoneSchema.meta({ description: 'IANA time zone of the launch team.' }),
    market_country: countryCodeSchema.meta({
      description: 'Target market (ISO 3166-1 alpha-2); its public holidays are avoided.',
    }),
  })
  .meta({ description: 'The venture being launched.' });

export const gtmSchema = z
  .strictObject({
    target_segment: z.string().min(1).meta({ description: 'Who the launch is aimed at.' }),
    value_proposition: z.string().min(1).optional(),
    users_month1: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'New users targeted in the first month; week 1 must not exceed it.' }),
    paying_customers_month1: z.int().min(0).optional(),
  })
  .meta({ description: 'Go-to-market targets from the venture GTM plan.' });
