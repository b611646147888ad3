/**
 * The files a demo run leaves behind: the plan, timeline (Markdown and .ics), contingency
 * playbook, gate report, post-mortems, launch reports, handoff package, automation report, and
 * what the stand-ins received (e-mails as .eml, vendor calls as JSON).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReceivedMail } from '../alerts/testing/smtp-test-server.ts';
import { automationReport } from '../automation/automation-ledger.ts';
import type { Clock } from '../clock/clock.ts';
import { listIncidents } from '../incidents/incident-service.ts';
import { collectPostmortem } from '../incidents/postmortem.ts';
import { renderPostmortemMarkdown } from '../incidents/postmortem-render.ts';
import { latestGateReport } from '../launch/gates/entry-gates.ts';
import { renderGateReportText } from '../launch/gates/gate-report-text.ts';
import { getHandoff } from '../launch/handoff/handoff-job.ts';
import {
  launchPlaybookDocument,
  launchTimelineDocument,
} from '../launch/preparation/launch-documents.ts';
import type { Db } from '../store/database.ts';
import type { ReceivedCall } from './vendor-receivers.ts';

/** What was written, relative to the artefacts folder. */
export interface DemoArtefacts {
  dir: string;
  files: string[];
}

/**
 * Writes the artefacts of `launchId` into `dir`.
 *
 * @example
 * const { files } = await writeDemoArtefacts({ db, clock }, { dir, launchId, planYaml, mails, calls });
 */
export async function writeDemoArtefacts(
  deps: { db: Db; clock: Clock },
  input: {
    dir: string;
    launchId: string;
    planYaml: string;
    mails: readonly ReceivedMail[];
    calls: readonly ReceivedCall[];
  },
): Promise<DemoArtefacts> {
  const { db, clock } = deps;
  const { dir, launchId } = input;
  const files: string[] = [];
  const write = async (name: string, content: string) => {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
    files.push(name);
  };
  await write('plan.yaml', input.planYaml);
  await write('timeline.md', await launchTimelineDocument(deps, launchId, 'markdown', 'demo'));
  await write('timeline.ics', await launchTimelineDocument(deps, launchId, 'ics', 'demo'));
  await write('playbook.md', await launchPlaybookDocument(deps, launchId, 'demo'));
  const gates = await latestGateReport(db, launchId);
  if (gates) await write('gates.md', renderGateReportText(gates));
  for (const incident of await listIncidents(db, launchId)) {
    const draft = await collectPostmortem(db, incident.id, clock.now());
    await write(`postmortem-${incident.id}.md`, renderPostmortemMarkdown(draft));
  }
  await write('reports.md', await reportsMarkdown(db, launchId));
  const handoff = await getHandoff(db, launchId);
  if (handoff) await write('handoff.md', handoff.markdown);
  const automation = await automationReport(db, launchId);
  await write('automation.json', `${JSON.stringify(automation, null, 2)}\n`);
  for (const [index, mail] of input.mails.entries()) {
    await write(`emails/${String(index + 1).padStart(3, '0')}.eml`, mail.raw);
  }
  await write('vendor-calls.json', `${JSON.stringify(input.calls, null, 2)}\n`);
  return { dir, files };
}

/** The launch reports as they were sent to chat, oldest first. */
async function reportsMarkdown(db: Db, launchId: string): Promise<string> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['key', 'request', 'sent_at'])
    .where('launch_id', '=', launchId)
    .where('key', 'like', 'report:%:chat')
    .orderBy('sent_at')
    .execute();
  const sections = rows.map((row) => {
    const request = row.request as { text?: unknown; title?: unknown };
    const text = typeof request.text === 'string' ? request.text : JSON.stringify(request);
    return `## ${row.sent_at ? row.sent_at.toISOString() : 'not sent'}\n\n${text}\n`;
  });
  return `# Launch reports\n\n${sections.join('\n') || 'No report was sent.\n'}`;
}
