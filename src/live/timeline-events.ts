/** The launch timeline of the dashboard: the audit entries that tell the launch's story. */
import type { DbExecutor } from '../store/database.ts';

/** What a timeline item is about. */
export type TimelineCategory =
  | 'gate'
  | 'signoff'
  | 'go'
  | 'live'
  | 'activation'
  | 'trigger'
  | 'incident'
  | 'approval'
  | 'comms';

/** One item of the timeline, with its evidence as the audit entry stored it. */
export interface TimelineItem {
  id: string;
  at: string;
  category: TimelineCategory;
  action: string;
  actor: string;
  subjectType: string;
  subjectId: string;
  title: string;
  detail: Record<string, unknown>;
}

/** Audit actions per category, first match wins (other actions are not on the timeline). */
const categories: ReadonlyArray<readonly [RegExp, TimelineCategory]> = [
  [/^gates?\./, 'gate'],
  [/^(signoffs?|readiness)\./, 'signoff'],
  [/^(go_no_go\.|launch\.(go|go_overdue|awaiting_go_no_go|postpone)$)/, 'go'],
  [
    /^(declare_live$|launch\.(live|executing|milestone|succeeded|success_pending|unsuccessful|rolled_back|handoff|outcome_\w+)$)/,
    'live',
  ],
  [/^activations?\./, 'activation'],
  [/^(trigger$|trigger\.|incident\.rule_cleared$)/, 'trigger'],
  [/^incident\./, 'incident'],
  [/^approval\./, 'approval'],
  [/^comms\./, 'comms'],
];

/**
 * The category of an audit action on the timeline, or null when it is not shown.
 *
 * @example
 * timelineCategoryOf('launch.go'); // 'go'
 * timelineCategoryOf('token.create'); // null
 */
export function timelineCategoryOf(action: string): TimelineCategory | null {
  return categories.find(([pattern]) => pattern.test(action))?.[1] ?? null;
}

/**
 * The timeline of a launch, newest first: at most `limit` items, older than `before` if given.
 *
 * @example
 * const items = await readTimelineEvents(db, { launchId, limit: 200 });
 */
export async function readTimelineEvents(
  db: DbExecutor,
  query: { launchId: string; limit: number; before?: Date | undefined },
): Promise<TimelineItem[]> {
  const pattern = categories.map(([regex]) => `(${regex.source})`).join('|');
  let select = db
    .selectFrom('audit_log')
    .selectAll()
    .where('launch_id', '=', query.launchId)
    .where('action', '~', pattern);
  if (query.before) select = select.where('at', '<', query.before);
  const rows = await select
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.flatMap((row) => {
    const category = timelineCategoryOf(row.action);
    if (!category) return [];
    const detail = (row.detail ?? {}) as Record<string, unknown>;
    return [
      {
        id: `audit:${row.id}`,
        at: new Date(row.at).toISOString(),
        category,
        action: row.action,
        actor: row.actor,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        title: titleOf(row.action, row.subject_type, row.subject_id, detail),
        detail,
      },
    ];
  });
}

function titleOf(
  action: string,
  subjectType: string,
  subjectId: string,
  detail: Record<string, unknown>,
): string {
  const text = ['title', 'summary', 'message', 'reason']
    .map((key) => detail[key])
    .find((value): value is string => typeof value === 'string' && value.length > 0);
  const what = action.replaceAll(/[._]/g, ' ');
  return text ? `${what}: ${text}` : `${what} (${subjectType} ${subjectId})`;
}
