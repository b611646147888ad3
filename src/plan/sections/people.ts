/** The people of the launch, their roles and how to reach them. */
import { z } from 'zod';
import { idSchema } from '../fields.ts';

/** Access roles of the API plus the sign-off roles of SPEC §1 (team readiness checklist). */
export const personRoles = [
  'lead',
  'devops_oncall',
  'marketing',
  'support',
  'viewer',
  'launch_coordinator',
  'devops_lead',
  'marketing_lead',
  'support_lead',
] as const;

const contactSchema = z
  .strictObject({
    email: z.email({ error: 'must be an e-mail address' }).optional(),
    slack: z
      .string()
      .regex(/^(?:@[\w.-]+|U[A-Z0-9]{6,})$/, {
        error: 'must be a Slack handle "@name" or member id "U0123ABCD"',
      })
      .optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, { error: 'must be an E.164 phone number, e.g. "+14155550100"' })
      .optional(),
    pagerduty: z
      .string()
      .regex(/^P[A-Z0-9]{5,}$/, { error: 'must be a PagerDuty user id, e.g. "PABC123"' })
      .optional(),
  })
  .refine((contact) => Object.values(contact).some((value) => value !== undefined), {
    error: 'needs at least one of email, slack, phone, pagerduty',
  });

const personSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  roles: z.array(z.enum(personRoles)).min(1),
  contact: contactSchema,
});

export const peopleSchema = z
  .array(personSchema)
  .meta({ description: 'The launch team; at least one lead and one devops_oncall.' });
