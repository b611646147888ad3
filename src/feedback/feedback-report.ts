/**
 * The feedback report of a launch (SPEC §6, exit gate "≥ 50 data points"): data points (tickets +
 * survey answers + interviews), the category mix with its top theme words, themes quantified
 * ("40 % of tickets are about login"), the sentiment split, the NPS of the survey answers with n
 * and a 95 % confidence interval, and the open-priority P0/P1 tickets.
 */
import { computeNps, type NpsSummary } from '../metrics/derived/nps.ts';
import type { DbExecutor } from '../store/database.ts';
import { themeWords } from './feedback-classifier.ts';
import {
  type FeedbackCategory,
  type FeedbackItemRow,
  feedbackCategories,
  feedbackDb,
  type Sentiment,
  sentiments,
  type TicketPriority,
} from './feedback-tables.ts';

/** Share of one category. */
export interface CategoryShare {
  category: FeedbackCategory;
  count: number;
  percent: number;
  /** Most frequent theme words of the category's items, most frequent first (at most 3). */
  topKeywords: string[];
}

/** A theme word and how many items mention it. */
export interface FeedbackTheme {
  keyword: string;
  count: number;
  percent: number;
  of: 'tickets' | 'feedback items';
  /** e.g. "40 % of tickets are about login". */
  sentence: string;
}

/** A P0/P1 ticket (routed to engineering). */
export interface UrgentTicket {
  externalId: string;
  priority: TicketPriority;
  category: FeedbackCategory;
  text: string;
  source: string;
  at: string;
}

/** The feedback report of a launch. */
export interface FeedbackReport {
  launchId: string;
  dataPoints: number;
  counts: { tickets: number; surveys: number; interviews: number };
  byCategory: CategoryShare[];
  themes: FeedbackTheme[];
  sentiment: Record<Sentiment, { count: number; percent: number }>;
  /** NPS of the survey answers (null without any), figures rounded to 0.1. */
  nps: NpsSummary | null;
  urgentTickets: UrgentTicket[];
}

const maxThemes = 5;

/**
 * Computes the feedback report of a launch from its stored items.
 *
 * @example
 * const report = await feedbackReport(db, launchId);
 * report.themes[0]?.sentence; // '40 % of tickets are about login'
 */
export async function feedbackReport(db: DbExecutor, launchId: string): Promise<FeedbackReport> {
  const rows = await feedbackDb(db)
    .selectFrom('feedback_items')
    .selectAll()
    .where('launch_id', '=', launchId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const tickets = rows.filter((row) => row.kind === 'ticket');
  const surveys = rows.filter((row) => row.kind === 'survey');
  const byCategory = feedbackCategories
    .map((category) => {
      const items = rows.filter((row) => row.category === category);
      return {
        category,
        count: items.length,
        percent: percent(items.length, rows.length),
        topKeywords: topThemes(items, 3).map(([keyword]) => keyword),
      };
    })
    .filter((share) => share.count > 0)
    .sort((a, b) => b.count - a.count);
  const nps = computeNps(surveys.map((row) => row.nps_score ?? 0));
  return {
    launchId,
    dataPoints: rows.length,
    counts: {
      tickets: tickets.length,
      surveys: surveys.length,
      interviews: rows.length - tickets.length - surveys.length,
    },
    byCategory,
    themes: themesOf(
      tickets.length > 0 ? tickets : rows,
      tickets.length > 0 ? 'tickets' : 'feedback items',
    ),
    sentiment: Object.fromEntries(
      sentiments.map((sentiment) => {
        const count = rows.filter((row) => row.sentiment === sentiment).length;
        return [sentiment, { count, percent: percent(count, rows.length) }];
      }),
    ) as FeedbackReport['sentiment'],
    nps: nps && {
      ...nps,
      nps: round(nps.nps),
      ci95: [round(nps.ci95[0]), round(nps.ci95[1])],
    },
    urgentTickets: tickets
      .filter((row) => row.priority === 'P0' || row.priority === 'P1')
      .map((row) => ({
        externalId: row.external_id,
        priority: row.priority as TicketPriority,
        category: row.category,
        text: row.text,
        source: row.source,
        at: row.at.toISOString(),
      })),
  };
}

function themesOf(items: FeedbackItemRow[], of: FeedbackTheme['of']): FeedbackTheme[] {
  return topThemes(items, maxThemes).map(([keyword, count]) => {
    const share = percent(count, items.length);
    return {
      keyword,
      count,
      percent: share,
      of,
      sentence: `${share} % of ${of} are about ${keyword}`,
    };
  });
}

/** Theme words by how many items mention them (ties alphabetical); words of one item only are no theme. */
function topThemes(items: FeedbackItemRow[], limit: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) {
    for (const word of themeWords(item.text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : round((100 * part) / whole);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
