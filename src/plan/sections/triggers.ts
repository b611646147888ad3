/**
 * Trigger rules (SPEC §3, Prometheus alerting semantics): overrides of the built-in
 * LAUNCH-001…004 and custom rules.
 */
import { z } from 'zod';
import { durationSchema, idSchema } from '../fields.ts';
import { type LaunchTriggerId, launchTriggerThresholds } from '../launch-triggers.ts';

export const noDataPolicies = ['keep_state', 'alert', 'ok'] as const;
export const incidentSeverities = ['P0', 'P1', 'P2', 'P3'] as const;

const noDataSchema = z.enum(noDataPolicies).meta({
  description:
    'What a missing evaluation means: keep the current state, count as firing, or as ok.',
});

function builtinTriggerSchema(id: LaunchTriggerId) {
  const thresholds = Object.fromEntries(
    Object.entries(launchTriggerThresholds[id]).map(([name, definition]) => [
      name,
      z
        .number()
        .min(definition.min)
        .max(definition.max)
        .optional()
        .meta({ description: `${definition.description} (${definition.unit})` }),
    ]),
  );
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      no_data: noDataSchema.default('keep_state'),
      notify: z
        .array(idSchema)
        .optional()
        .meta({ description: 'People to notify besides the owner.' }),
      thresholds: z.strictObject(thresholds).optional(),
    })
    .optional();
}

const customRuleSchema = z.strictObject({
  id: idSchema,
  summary: z.string().min(1).optional(),
  expr: z.string().min(1).meta({
    description: 'Condition over metrics, e.g. "error_rate{service=\\"checkout\\"} > 2".',
  }),
  for: durationSchema({ max: '7d' }).default('0s'),
  keep_firing_for: durationSchema({ max: '7d' }).optional(),
  no_data: noDataSchema.default('keep_state'),
  severity: z.enum(incidentSeverities),
  source: idSchema.optional().meta({ description: 'Metric source the expression reads.' }),
  notify: z.array(idSchema).optional(),
});

export const triggersSchema = z
  .strictObject({
    builtin: z
      .strictObject({
        'LAUNCH-001': builtinTriggerSchema('LAUNCH-001'),
        'LAUNCH-002': builtinTriggerSchema('LAUNCH-002'),
        'LAUNCH-003': builtinTriggerSchema('LAUNCH-003'),
        'LAUNCH-004': builtinTriggerSchema('LAUNCH-004'),
      })
      .default({}),
    rules: z.array(customRuleSchema).default([]),
  })
  .default({ builtin: {}, rules: [] });
