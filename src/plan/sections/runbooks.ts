/** Deploy and rollback runbooks (SPEC §1 31.2 and §3): ordered, timed, idempotent steps. */
import { z } from 'zod';
import { durationSchema, idSchema } from '../fields.ts';

export const runbookActions = [
  'switch_traffic',
  'revert_traffic',
  'set_canary_weight',
  'update_dns',
  'revert_dns',
  'run_migrations',
  'rollback_migrations',
  'purge_cdn',
  'purge_cache',
  'health_check',
  'verify_metrics',
  'declare_live',
  'webhook',
  'run_command',
  'manual',
] as const;

const runbookStepSchema = z.strictObject({
  id: idSchema,
  action: z.enum(runbookActions),
  connector: idSchema.optional().meta({ description: 'Connector that performs the action.' }),
  timeout: durationSchema({ min: '1s', max: '2h' }).default('5m'),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .meta({
      description:
        'Settings of the action, e.g. url/version (HTTP traffic switch), flag_key (LaunchDarkly), record_id/record_content (DNS), executable/to_version (migrations), error_rate_max/hold (verify_metrics).',
    }),
  args: z
    .array(z.string())
    .optional()
    .meta({ description: 'Arguments of run_command and rollback_migrations (no shell).' }),
  retries: z.int().min(0).max(10).optional().meta({ description: 'Retries after a failure.' }),
  retry_backoff: durationSchema({ min: '0s', max: '10m' })
    .optional()
    .meta({ description: 'Wait before the first retry; doubled for each further retry.' }),
  on_failure: z
    .enum(['stop', 'continue', 'escalate'])
    .optional()
    .meta({ description: 'When the step fails for good: stop (default), continue, or escalate.' }),
  description: z.string().min(1).optional(),
});

const stepsSchema = z.array(runbookStepSchema).min(1);

const deployRunbookSchema = z.strictObject({
  strategy: z.enum(['blue_green', 'rolling', 'canary']),
  canary_weights: z
    .array(z.int().min(1).max(100))
    .min(1)
    .optional()
    .meta({ description: 'Traffic percentages of the canary steps, e.g. [5, 50, 100].' }),
  analysis_interval: durationSchema({ min: '30s', max: '2h' }).optional(),
  steps: stepsSchema,
});

const rollbackRunbookSchema = z.strictObject({
  approvers: z.enum(['lead', 'lead_or_devops_oncall']).default('lead_or_devops_oncall'),
  approval_timeout: durationSchema({ min: '1m', max: '2h' }).default('15m'),
  on_approval_timeout: z.enum(['hold', 'rollback']).default('hold'),
  steps: stepsSchema,
});

export const runbooksSchema = z.strictObject({
  deploy: deployRunbookSchema,
  rollback: rollbackRunbookSchema,
});
