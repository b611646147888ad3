/**
 * Recording feedback of a launch (SPEC §6): tickets, NPS survey answers and interviews, sent as
 * one batch through the API or a CSV/JSON import. A batch is stored whole or not at all; an item
 * already stored (same launch, kind and `external_id`) is skipped, so a re-sent batch is a no-op.
 * A missing category or sentiment is filled by the keyword classifier.
 */
import { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import { findLaunchRow } from '../launch/launch-service.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import { classifyCategory, classifySentiment } from './feedback-classifier.ts';
import {
  feedbackCategories,
  feedbackDb,
  feedbackKinds,
  sentiments,
  ticketPriorities,
} from './feedback-tables.ts';

/** Most items one batch may hold. */
export const maxFeedbackBatch = 1000;

const optional = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v) => v ?? undefined);

/** One feedback item as senders give it (JSON field names). */
export const feedbackItemSchema = z
  .strictObject({
    kind: z.enum(feedbackKinds),
    external_id: z.string().trim().min(1).max(200),
    category: optional(z.enum(feedbackCategories)),
    sentiment: optional(z.enum(sentiments)),
    priority: optional(z.enum(ticketPriorities)),
    nps_score: optional(z.number().int().min(0).max(10)),
    text: optional(z.string().max(20_000)),
    source: optional(z.string().trim().min(1).max(100)),
    at: optional(z.iso.datetime({ offset: true })),
  })
  .superRefine((item, context) => {
    if (item.kind === 'survey' && item.nps_score === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['nps_score'],
        message: 'a survey answer needs nps_score (0–10)',
      });
    }
    if (item.kind !== 'survey' && item.nps_score !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['nps_score'],
        message: 'only survey answers have nps_score',
      });
    }
    if (item.kind !== 'ticket' && item.priority !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['priority'],
        message: 'only tickets have a priority',
      });
    }
  });

export type FeedbackItemInput = z.input<typeof feedbackItemSchema>;

/** What is wrong with one item of a batch. */
export interface FeedbackItemError {
  /** Position of the item in the batch (0-based). */
  index: number;
  field: string;
  message: string;
}

/** A batch with bad items (422): nothing of it was stored; `errors` names every bad field. */
export class FeedbackInvalidError extends UserError {
  readonly errors: FeedbackItemError[];

  constructor(errors: FeedbackItemError[]) {
    const first = errors[0];
    super(
      'invalid_feedback',
      `${errors.length} problem(s) in the feedback batch; nothing was stored${first ? `; first: items[${first.index}].${first.field}: ${first.message}` : ''}`,
      { status: 422, path: first ? ['items', first.index, first.field] : ['items'] },
    );
    this.errors = errors;
  }
}

/** What a batch did. */
export interface FeedbackBatchResult {
  received: number;
  stored: number;
  /** Items already stored before (or twice in the batch), skipped. */
  duplicates: number;
}

/**
 * Validates and stores a batch of feedback for a launch in one statement (all or nothing).
 * Throws `FeedbackInvalidError` (422) listing every bad item and field, `not_found` (404) for an
 * unknown launch.
 *
 * @example
 * await recordFeedback(db, clock, launchId, [{ kind: 'ticket', external_id: 'zd-1', text: 'Login fails', priority: 'P1' }]);
 * // { received: 1, stored: 1, duplicates: 0 }
 */
export async function recordFeedback(
  db: DbExecutor,
  clock: Clock,
  launchId: string,
  items: readonly unknown[],
): Promise<FeedbackBatchResult> {
  if (items.length > maxFeedbackBatch) {
    throw new UserError('invalid_request', `at most ${maxFeedbackBatch} items per batch`, {
      path: ['items'],
    });
  }
  await findLaunchRow(db, launchId);
  const errors: FeedbackItemError[] = [];
  const parsed = items.flatMap((item, index) => {
    const result = feedbackItemSchema.safeParse(item);
    if (result.success) return [result.data];
    for (const issue of result.error.issues) {
      errors.push({
        index,
        field: issue.path.map(String).join('.') || 'item',
        message: issue.message,
      });
    }
    return [];
  });
  if (errors.length > 0) throw new FeedbackInvalidError(errors);
  const seen = new Set<string>();
  const unique = parsed.filter((item) => {
    const key = `${item.kind}\u0000${item.external_id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return { received: items.length, stored: 0, duplicates: items.length };
  const now = clock.now();
  const stored = await feedbackDb(db)
    .insertInto('feedback_items')
    .values(
      unique.map((item) => {
        const text = item.text ?? '';
        return {
          launch_id: launchId,
          kind: item.kind,
          external_id: item.external_id,
          category: item.category ?? classifyCategory(text, item.nps_score),
          category_source: item.category ? ('given' as const) : ('classified' as const),
          sentiment: item.sentiment ?? classifySentiment(text, item.nps_score),
          priority: item.priority ?? null,
          nps_score: item.nps_score ?? null,
          text,
          source: item.source ?? 'api',
          at: item.at ?? now,
          recorded_at: now,
        };
      }),
    )
    .onConflict((oc) => oc.columns(['launch_id', 'kind', 'external_id']).doNothing())
    .returning('id')
    .execute();
  return {
    received: items.length,
    stored: stored.length,
    duplicates: items.length - stored.length,
  };
}
