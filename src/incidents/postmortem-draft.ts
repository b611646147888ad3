/** Drafting a post-mortem: render it, and (when asked) record that the post-mortem step is drafted. */
import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../store/database.ts';
import { lockIncident } from './incident-lifecycle.ts';
import type { IncidentRow } from './incident-tables.ts';
import { withIncidentTables } from './incident-tables.ts';
import { collectPostmortem } from './postmortem.ts';
import { renderPostmortemHtml, renderPostmortemMarkdown } from './postmortem-render.ts';

/** A rendered draft and the incident's post-mortem step. */
export interface RenderedPostmortem {
  markdown: string;
  html: string;
  postmortem: IncidentRow['postmortem'];
}

/**
 * Renders the draft of incident `incidentId`; with `record`, marks its post-mortem step
 * drafted and audits who drafted it and the SHA-256 of the Markdown.
 *
 * @example
 * const { markdown, html } = await draftPostmortem(db, clock, incidentId, { record: true, actor: 'token:ana' });
 */
export async function draftPostmortem(
  db: Db,
  clock: Clock,
  incidentId: string,
  options: { record: false } | { record: true; actor: string },
): Promise<RenderedPostmortem> {
  return db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, incidentId);
    const draft = await collectPostmortem(trx, incidentId, clock.now());
    const markdown = renderPostmortemMarkdown(draft);
    const html = renderPostmortemHtml(draft);
    if (!options.record) return { markdown, html, postmortem: incident.postmortem };
    await withIncidentTables(trx)
      .updateTable('incidents')
      .set({ postmortem: 'drafted', updated_at: clock.now() })
      .where('id', '=', incidentId)
      .execute();
    await recordAudit(trx, clock, {
      actor: options.actor,
      action: 'incident.postmortem_drafted',
      subjectType: 'incident',
      subjectId: incidentId,
      launchId: incident.launch_id,
      detail: {
        sha256: createHash('sha256').update(markdown).digest('hex'),
        state: incident.state,
      },
    });
    return { markdown, html, postmortem: 'drafted' };
  });
}
