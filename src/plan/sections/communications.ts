/**
 * Who is told what during an incident (SPEC §3 communication templates): users by e-mail, press
 * and investors, each from the plan's audiences and people, on the statuses and severities
 * listed; the in-app banner and the built-in status page need no configuration.
 */
import { z } from 'zod';
import { idSchema } from '../fields.ts';

export const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const incidentSeverities = ['P0', 'P1', 'P2', 'P3'] as const;

function recipientsSchema(defaults: {
  statuses: Array<(typeof incidentStatuses)[number]>;
  severities: Array<(typeof incidentSeverities)[number]>;
  description: string;
}) {
  return z
    .strictObject({
      audiences: z
        .array(idSchema)
        .default([])
        .meta({ description: 'Inline audiences (of `audiences`) e-mailed.' }),
      people: z
        .array(idSchema)
        .default([])
        .meta({ description: 'People (of `people`) e-mailed at their contact address.' }),
      connector: idSchema
        .optional()
        .meta({ description: 'E-mail connector to send through; default the first one.' }),
      statuses: z.array(z.enum(incidentStatuses)).default(defaults.statuses),
      severities: z.array(z.enum(incidentSeverities)).default(defaults.severities),
    })
    .default({
      audiences: [],
      people: [],
      statuses: defaults.statuses,
      severities: defaults.severities,
    })
    .meta({ description: defaults.description });
}

function successRecipientsSchema(description: string) {
  return z
    .strictObject({
      audiences: z.array(idSchema).default([]),
      people: z.array(idSchema).default([]),
      connector: idSchema
        .optional()
        .meta({ description: 'Connector to send through; default the first of its kind.' }),
      template: idSchema
        .optional()
        .meta({ description: 'Id of a plan template (purpose success); default built-in.' }),
    })
    .optional()
    .meta({ description });
}

const successSchema = z
  .strictObject({
    internal: successRecipientsSchema('The team, on the plan’s chat connector.'),
    investors: successRecipientsSchema('Investors, by e-mail.'),
    early_adopters: successRecipientsSchema('A thank-you to early adopters, by e-mail.'),
  })
  .optional()
  .meta({ description: 'Launch success announcements (LAUNCH-004).' });

export const communicationsSchema = z
  .strictObject({
    users: recipientsSchema({
      statuses: ['investigating', 'resolved'],
      severities: ['P0', 'P1'],
      description: 'Users e-mailed with the incident_user template.',
    }),
    press: recipientsSchema({
      statuses: ['resolved'],
      severities: ['P0', 'P1'],
      description: 'Press contacts e-mailed the incident_press statement.',
    }),
    investors: recipientsSchema({
      statuses: ['resolved'],
      severities: ['P0', 'P1'],
      description: 'Investors e-mailed the incident_investor summary.',
    }),
    status_page_severities: z
      .array(z.enum(incidentSeverities))
      .default(['P0', 'P1', 'P2'])
      .meta({ description: 'Severities posted to a status_page connector (Statuspage).' }),
    success: successSchema,
  })
  .optional()
  .meta({ description: 'Who gets which incident communication; by default nobody is e-mailed.' });
