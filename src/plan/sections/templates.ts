/** Communication templates (LiquidJS text), for activations and incident communication. */
import { z } from 'zod';
import { idSchema } from '../fields.ts';
import { activationChannels } from './activations.ts';

export const templatePurposes = [
  'launch',
  'incident_user',
  'incident_press',
  'incident_investor',
  'holding',
  'success',
  'report_hourly',
  'report_daily',
] as const;

const templateSchema = z
  .strictObject({
    id: idSchema,
    channel: z.enum(activationChannels),
    purpose: z.enum(templatePurposes).default('launch'),
    subject: z.string().min(1).optional().meta({ description: 'Required for e-mail.' }),
    body: z.string().min(1).meta({ description: 'LiquidJS template text.' }),
  })
  .refine((template) => template.channel !== 'email' || template.subject !== undefined, {
    error: 'an e-mail template needs a subject',
    path: ['subject'],
    when: (payload) => payload.issues.length === 0,
  });

export const templatesSchema = z.array(templateSchema).default([]);
