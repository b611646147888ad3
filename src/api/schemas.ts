import { z } from '@hono/zod-openapi';
import type { LaunchState } from '../store/schema.ts';

const stateSet: Record<LaunchState, true> = {
  draft: true,
  preparing: true,
  awaiting_go_no_go: true,
  executing: true,
  monitoring: true,
  succeeded: true,
  unsuccessful: true,
  rolled_back: true,
  aborted: true,
};

/** Every launch state, in lifecycle order (the record above makes tsc check it is complete). */
export const launchStates = Object.keys(stateSet) as [LaunchState, ...LaunchState[]];

/** One problem found in a launch plan (an error, or a warning that does not block). */
export const problemSchema = z
  .object({
    severity: z.enum(['error', 'warning']),
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    path: z.array(z.union([z.string(), z.number()])),
    code: z.string(),
    message: z.string(),
    expected: z.string().optional(),
    suggestion: z.string().optional(),
  })
  .openapi('Problem');

/** A launch as the API shows it. */
export const launchSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    ventureId: z.string(),
    ventureName: z.string(),
    state: z.string().openapi({ enum: launchStates, example: 'preparing' }),
    preset: z.string(),
    t0: z.string().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    createdBy: z.string(),
    endedAt: z.string().nullable().openapi({ format: 'date-time' }),
    endReason: z.string().nullable(),
    planSha256: z.string(),
    goDecidedAt: z.string().nullable().openapi({ format: 'date-time' }),
    goDecidedBy: z.string().nullable(),
    liveAt: z.string().nullable().openapi({ format: 'date-time', description: 'Product live' }),
    successDeadline: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Launch');

/** `{id}` of a launch. Any string is accepted: one that names no launch answers 404. */
export const launchIdParams = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, format: 'uuid', description: 'Launch id' }),
});

/** Why a change is made; recorded in the audit log. */
export const reasonSchema = z
  .string()
  .trim()
  .min(1, 'a reason is required')
  .max(2000)
  .openapi({ description: 'Why; recorded in the audit log' });

/** `?limit=` of list routes. */
export const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(1000)
  .optional()
  .openapi({ description: 'At most this many items (1–1000)' });
