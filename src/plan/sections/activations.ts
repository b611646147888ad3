/** Marketing activations (SPEC §1, 31.2): what is sent where, at which offset from T0. */
import { z } from 'zod';
import { idSchema, offsetSchema } from '../fields.ts';

export const activationChannels = [
  'email',
  'social',
  'ads',
  'press',
  'blog',
  'community',
  'chat',
  'in_app_banner',
  'homepage',
  'status_page',
] as const;

/** Channel of an activation or template. */
export type ActivationChannel = (typeof activationChannels)[number];

const utmSchema = z.strictObject({
  source: z.string().min(1),
  medium: z.string().min(1),
  campaign: z.string().min(1),
  content: z.string().min(1).optional(),
});

const activationSchema = z.strictObject({
  id: idSchema,
  channel: z.enum(activationChannels),
  at: offsetSchema.meta({ description: 'When it goes out, relative to T0, e.g. "T+15m".' }),
  connector: idSchema.optional().meta({
    description: 'Connector that sends it; without one it is a manual timeline task.',
  }),
  template: idSchema.meta({ description: 'Template that renders the message.' }),
  audience: idSchema.optional().meta({ description: 'Audience it goes to (required for email).' }),
  utm: utmSchema.optional().meta({ description: 'UTM codes added to every link.' }),
  description: z.string().min(1).optional(),
});

export const activationsSchema = z.array(activationSchema).default([]);
