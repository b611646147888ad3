/** The feedback table (migration 0014) and the typed executor that includes it. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DbExecutor } from '../store/database.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Kinds of feedback; each is one data point of the feedback report. */
export const feedbackKinds = ['ticket', 'survey', 'interview'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
/** Categories of SPEC §6. */
export const feedbackCategories = [
  'bug',
  'feature_request',
  'usability',
  'question',
  'praise',
] as const;
export type FeedbackCategory = (typeof feedbackCategories)[number];
export const sentiments = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof sentiments)[number];
export const ticketPriorities = ['P0', 'P1', 'P2', 'P3'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export interface FeedbackItemTable {
  id: Generated<string>;
  launch_id: string;
  kind: FeedbackKind;
  external_id: string;
  category: FeedbackCategory;
  /** `given` by the sender, or `classified` by the keyword classifier. */
  category_source: 'given' | 'classified';
  sentiment: Sentiment;
  priority: TicketPriority | null;
  nps_score: number | null;
  text: string;
  source: string;
  at: Timestamp;
  recorded_at: Timestamp;
}

export type FeedbackItemRow = Selectable<FeedbackItemTable>;

/**
 * The executor typed with the feedback table as well.
 *
 * @example
 * await feedbackDb(db).selectFrom('feedback_items').selectAll().execute();
 */
export function feedbackDb(executor: DbExecutor) {
  return executor.withTables<{ feedback_items: FeedbackItemTable }>();
}
