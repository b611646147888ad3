/**
 * Incident policy (SPEC §3): the decision tree that sets an incident's severity (first branch
 * whose conditions all hold wins), and what happens when nobody decides a proposed rollback in
 * time. Optional: without it, SPEC §3's defaults apply (`src/incidents/decision-tree.ts`).
 */
import { z } from 'zod';

const severitySchema = z.enum(['P0', 'P1', 'P2', 'P3']);
const percentSchema = z.number().min(0).max(100);

const conditionSchema = z
  .strictObject({
    rule: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\*?$/, { error: 'a rule id, or a prefix ending in *' })
      .optional()
      .meta({ description: 'The firing rule, e.g. LAUNCH-001.rollback_uptime or LAUNCH-001.*' }),
    rule_severity: severitySchema
      .optional()
      .meta({ description: 'The severity the rule itself carries.' }),
    value_above: z.number().optional().meta({ description: 'Magnitude: value above this.' }),
    value_below: z.number().optional().meta({ description: 'Magnitude: value below this.' }),
    users_affected_above: percentSchema.optional().meta({ description: 'Share of users (%).' }),
    users_affected_below: percentSchema.optional().meta({ description: 'Share of users (%).' }),
    data_loss: z.boolean().optional(),
    security: z.boolean().optional(),
    cosmetic: z.boolean().optional(),
  })
  .meta({ description: 'Every condition given must hold; an empty condition always holds.' });

const branchSchema = z.strictObject({
  when: conditionSchema,
  severity: severitySchema,
  why: z.string().min(1).meta({ description: 'Shown with the classification and audited.' }),
});

export const incidentsSchema = z
  .strictObject({
    decision_tree: z
      .array(branchSchema)
      .min(1)
      .optional()
      .meta({ description: 'Ordered branches; the first that holds sets the severity.' }),
    ack_escalation_minutes: z.int().min(1).max(240).default(15).meta({
      description: 'Escalate to the LEAD when nobody acknowledges an incident this long.',
    }),
    p0_decision_minutes: z.int().min(1).max(60).default(5).meta({
      description: 'Time to decide on a P0 rollback (P1 uses p1_rollback_decision_minutes).',
    }),
    p0_on_timeout: z
      .enum(['escalate', 'execute'])
      .default('escalate')
      .meta({ description: 'When nobody decides a P0 rollback in time: escalate, or execute it.' }),
    propose_marketing_pause: z
      .boolean()
      .default(true)
      .meta({ description: 'Propose pausing marketing with every P0/P1 rollback proposal.' }),
  })
  .optional()
  .meta({ description: 'Incident classification and rollback decision policy (SPEC §3).' });

/** The incident policy as written in a plan. */
export type IncidentsSection = z.output<typeof incidentsSchema>;
/** One branch of the decision tree. */
export type DecisionBranch = z.output<typeof branchSchema>;
