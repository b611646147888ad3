/**
 * The timeline and the contingency playbook of a stored launch (its plan, T0 and parameters in
 * force), for the API and the CLI; generating one records its automation task once per launch.
 */
import { recordTask } from '../../automation/automation-ledger.ts';
import type { Clock } from '../../clock/clock.ts';
import type { Db } from '../../store/database.ts';
import { systemActor } from '../gates/entry-gates.ts';
import { loadGateLaunch } from '../gates/gate-launch.ts';
import { renderPlaybook } from './contingency-playbook.ts';
import { renderTimeline } from './launch-timeline.ts';
import { renderTimelineIcs } from './timeline-ics.ts';

/**
 * The launch timeline as Markdown or an iCalendar file; `not_found` (404) for an unknown launch.
 *
 * @example
 * const ics = await launchTimelineDocument({ db, clock }, launchId, 'ics');
 */
export async function launchTimelineDocument(
  deps: { db: Db; clock: Clock },
  launchId: string,
  format: 'markdown' | 'ics',
  actor: string = systemActor,
): Promise<string> {
  const launch = await loadGateLaunch(deps.db, launchId);
  await recordTask(deps.db, deps.clock, {
    launchId,
    task: 'timeline',
    subject: launchId,
    mode: 'automatic',
    actor,
  });
  return format === 'ics'
    ? renderTimelineIcs(launch.plan, launch.t0, {
        launchId,
        now: deps.clock.now(),
        parameters: launch.parameters,
      })
    : renderTimeline(launch.plan, launch.t0, launch.parameters);
}

/**
 * The contingency playbook as Markdown; `not_found` (404) for an unknown launch.
 *
 * @example
 * const markdown = await launchPlaybookDocument({ db, clock }, launchId);
 */
export async function launchPlaybookDocument(
  deps: { db: Db; clock: Clock },
  launchId: string,
  actor: string = systemActor,
): Promise<string> {
  const launch = await loadGateLaunch(deps.db, launchId);
  await recordTask(deps.db, deps.clock, {
    launchId,
    task: 'playbook',
    subject: launchId,
    mode: 'automatic',
    actor,
  });
  return renderPlaybook(launch.plan, launch.parameters);
}
