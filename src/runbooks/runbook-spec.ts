/**
 * What a runbook run executes: ordered, typed steps, each with a timeout, retries with backoff
 * and an on-failure policy. A run stores its spec, so it finishes as it started even if the plan
 * changes meanwhile.
 */
import { z } from 'zod';
import { connectorKinds } from '../plan/sections/connectors.ts';

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'must name an environment variable' });

const stepBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  description: z.string().optional(),
  timeout_ms: z.int().min(10).max(7_200_000).default(30_000),
  retries: z.int().min(0).max(10).default(0),
  backoff_ms: z.int().min(0).max(600_000).default(500),
  on_failure: z.enum(['stop', 'continue', 'escalate']).default('stop'),
};

const httpStep = z.strictObject({
  ...stepBase,
  type: z.literal('http'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Header name → environment variable holding its (secret) value. */
  headers_env: z.record(z.string(), envName).default({}),
  body: z.unknown().optional(),
  expect_status: z.array(z.int().min(100).max(599)).optional(),
});

const commandFields = {
  executable: z.string().min(1),
  args: z.array(z.string()).default([]),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
};

const commandStep = z.strictObject({
  ...stepBase,
  type: z.literal('command'),
  ...commandFields,
  /** Running it twice does no harm, so a run that crashed mid-command may run it again. */
  idempotent: z.boolean().default(false),
});

const migrationStep = z.strictObject({
  ...stepBase,
  type: z.literal('db_migration'),
  ...commandFields,
  /** Appended as `down --to <to_version>`: rolling down to a version is idempotent. */
  to_version: z.int().min(0),
});

const trafficStep = z.strictObject({
  ...stepBase,
  type: z.literal('traffic'),
  /** HTTP traffic switch: POST {"version"} (with "weight" for a canary) to this URL. */
  url: z.url().optional(),
  version: z.string().optional(),
  /** Percentage of requests `version` receives (a canary step); all of them when absent. */
  weight: z.int().min(0).max(100).optional(),
  headers_env: z.record(z.string(), envName).default({}),
  /** Or a LaunchDarkly flag: the connector id and a semantic patch. */
  connector: z.string().optional(),
  flag_key: z.string().optional(),
  instructions: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Or a JSON patch (RFC 6902) instead of a semantic patch. */
  json_patch: z
    .array(z.strictObject({ op: z.string(), path: z.string(), value: z.unknown().optional() }))
    .optional(),
  comment: z.string().optional(),
});

const dnsStep = z.strictObject({
  ...stepBase,
  type: z.literal('dns'),
  connector: z.string(),
  record_id: z.string().min(1),
  record: z.strictObject({
    type: z.string(),
    name: z.string(),
    content: z.string(),
    ttl: z.int().optional(),
    proxied: z.boolean().optional(),
  }),
});

const cdnPurgeStep = z.strictObject({
  ...stepBase,
  type: z.literal('cdn_purge'),
  /** A Cloudflare connector … */
  connector: z.string().optional(),
  purge: z
    .union([
      z.strictObject({ purge_everything: z.literal(true) }),
      z.strictObject({ files: z.array(z.string()).min(1) }),
      z.strictObject({ tags: z.array(z.string()).min(1) }),
      z.strictObject({ hosts: z.array(z.string()).min(1) }),
      z.strictObject({ prefixes: z.array(z.string()).min(1) }),
    ])
    .default({ purge_everything: true }),
  /** … or an HTTP purge endpoint (POSTed with an Idempotency-Key). */
  url: z.url().optional(),
  headers_env: z.record(z.string(), envName).default({}),
});

const verifyStep = z.strictObject({
  ...stepBase,
  type: z.literal('verify'),
  metrics: z
    .array(
      z.strictObject({ name: z.string(), min: z.number().optional(), max: z.number().optional() }),
    )
    .min(1),
  /** Every metric must stay within its thresholds this long. */
  hold_ms: z.int().min(0),
  poll_ms: z.int().min(10).default(1_000),
  window_ms: z.int().min(1).optional(),
});

const canaryAnalysisStep = z.strictObject({
  ...stepBase,
  type: z.literal('canary_analysis'),
  /** The canary weight under analysis (shown in audits). */
  weight: z.int().min(0).max(100),
  /** How long, on the launch's clock, no LAUNCH-001 rule may be pending or firing. */
  analysis_ms: z.int().min(0),
  poll_ms: z.int().min(10).default(1_000),
});

export const runbookStepSchema = z
  .discriminatedUnion('type', [
    canaryAnalysisStep,
    httpStep,
    commandStep,
    migrationStep,
    trafficStep,
    dnsStep,
    cdnPurgeStep,
    verifyStep,
  ])
  .superRefine((step, context) => {
    if (
      step.type === 'traffic' &&
      !(step.url && step.version) &&
      !(step.connector && step.flag_key)
    ) {
      context.addIssue({
        code: 'custom',
        message: 'traffic needs url+version or connector+flag_key',
      });
    }
    if (step.type === 'cdn_purge' && !step.url && !step.connector) {
      context.addIssue({ code: 'custom', message: 'cdn_purge needs a connector or a url' });
    }
  });

/** A connector a runbook uses (secrets only by variable name). */
const connectorRef = z.strictObject({
  id: z.string(),
  kind: z.enum(connectorKinds),
  vendor: z.string(),
  config: z.record(z.string(), z.unknown()).optional(),
});

export const runbookSpecSchema = z
  .strictObject({
    steps: z.array(runbookStepSchema).min(1),
    connectors: z.array(connectorRef).default([]),
  })
  .superRefine((spec, context) => {
    const ids = spec.steps.map((step) => step.id);
    if (new Set(ids).size !== ids.length) {
      context.addIssue({ code: 'custom', message: 'step ids must be unique' });
    }
  });

/** One step of a runbook, typed by `type`. */
export type RunbookStep = z.output<typeof runbookStepSchema>;
/** A runbook as written (defaults not yet applied). */
export type RunbookSpecInput = z.input<typeof runbookSpecSchema>;
/** A runbook with defaults applied. */
export type RunbookSpec = z.output<typeof runbookSpecSchema>;
/** What to do when a step fails for good. */
export type OnFailure = RunbookStep['on_failure'];
