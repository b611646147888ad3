/**
 * The retrospective of a launch for the Stage 32 handoff: its timeline from the audit log (gates,
 * go/no-go, live, incidents, approvals and rollbacks, triggers, decisions) and what went well or
 * badly, computed from incidents, rollbacks, escalations, triggers, automation and NPS.
 */
import { type AutomationReport, automationReport } from '../../automation/automation-ledger.ts';
import type { FeedbackReport } from '../../feedback/feedback-report.ts';
import { withIncidentTables } from '../../incidents/incident-tables.ts';
import type { DbExecutor } from '../../store/database.ts';

/** One entry of the launch timeline. */
export interface TimelineEntry {
  at: string;
  action: string;
  actor: string;
  subject: string;
  detail: Record<string, unknown>;
}

/** The retrospective of a launch. */
export interface Retrospective {
  timeline: TimelineEntry[];
  incidents: Array<{
    severity: string;
    title: string;
    state: string;
    openedAt: string;
    minutesToResolve: number | null;
  }>;
  rollbacks: number;
  escalations: number;
  triggersFired: string[];
  automation: Pick<
    AutomationReport,
    'automationPercent' | 'humanMinutes' | 'manualBaselineMinutes'
  >;
  wentWell: string[];
  wentBadly: string[];
}

/** Audit actions that belong on the launch timeline (noisy step-level entries are left out). */
const timelineActions =
  /^(launch\.|gate|entry_gate|exit_gate|go|readiness|postpone|incident\.|approval\.|rollback|runbook\.(started|escalated|finished)|trigger|decision|outcome|marketing_pause|drill\.)/;
const maxTimeline = 300;
/** SPEC §5 targets the retrospective compares against. */
const targets = { automationPercent: 80, triggersPerLaunch: 2 } as const;

/**
 * Builds the retrospective of a launch.
 *
 * @example
 * const retro = await buildRetrospective(db, launchId, await feedbackReport(db, launchId));
 */
export async function buildRetrospective(
  db: DbExecutor,
  launchId: string,
  feedback: FeedbackReport,
): Promise<Retrospective> {
  const audit = await db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor', 'subject_type', 'subject_id', 'detail'])
    .where('launch_id', '=', launchId)
    .orderBy('id')
    .execute();
  const timeline = audit
    .filter((entry) => timelineActions.test(entry.action))
    .slice(0, maxTimeline)
    .map((entry) => ({
      at: entry.at.toISOString(),
      action: entry.action,
      actor: entry.actor,
      subject: `${entry.subject_type}:${entry.subject_id}`,
      detail: entry.detail,
    }));
  const tables = withIncidentTables(db);
  const incidentRows = await tables
    .selectFrom('incidents')
    .select(['severity', 'title', 'state', 'trigger_id', 'opened_at', 'resolved_at'])
    .where('launch_id', '=', launchId)
    .orderBy('opened_at')
    .execute();
  const rollbacks = await tables
    .selectFrom('approvals')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('launch_id', '=', launchId)
    .where('action', '=', 'rollback')
    .where('state', '=', 'approved')
    .executeTakeFirstOrThrow();
  const escalations = await tables
    .selectFrom('incident_escalations')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('launch_id', '=', launchId)
    .executeTakeFirstOrThrow();
  const automation = await automationReport(db, launchId);
  const incidents = incidentRows.map((row) => ({
    severity: row.severity,
    title: row.title,
    state: row.state,
    openedAt: row.opened_at.toISOString(),
    minutesToResolve: row.resolved_at
      ? Math.round((row.resolved_at.getTime() - row.opened_at.getTime()) / 60_000)
      : null,
  }));
  const facts = {
    incidents,
    rollbacks: Number(rollbacks.count),
    escalations: Number(escalations.count),
    triggersFired: [...new Set(incidentRows.map((row) => row.trigger_id))].sort(),
    automation: {
      automationPercent: automation.automationPercent,
      humanMinutes: automation.humanMinutes,
      manualBaselineMinutes: automation.manualBaselineMinutes,
    },
  };
  return { timeline, ...facts, ...assess(facts, feedback) };
}

function assess(
  facts: Omit<Retrospective, 'timeline' | 'wentWell' | 'wentBadly'>,
  feedback: FeedbackReport,
): Pick<Retrospective, 'wentWell' | 'wentBadly'> {
  const wentWell: string[] = [];
  const wentBadly: string[] = [];
  const severe = facts.incidents.filter((i) => i.severity === 'P0' || i.severity === 'P1');
  if (severe.length === 0) wentWell.push('No P0/P1 incident');
  for (const incident of severe) {
    wentBadly.push(
      `${incident.severity} "${incident.title}" — ${incident.minutesToResolve === null ? 'still open' : `resolved in ${incident.minutesToResolve} min`}`,
    );
  }
  if (facts.rollbacks === 0) wentWell.push('No rollback needed');
  else wentBadly.push(`Rolled back ${facts.rollbacks} time(s)`);
  const fired = facts.triggersFired.length;
  (fired <= targets.triggersPerLaunch ? wentWell : wentBadly).push(
    `${fired} trigger(s) fired (target ≤ ${targets.triggersPerLaunch})`,
  );
  if (facts.escalations > 0) wentBadly.push(`${facts.escalations} escalation(s) to the LEAD`);
  const percent = facts.automation.automationPercent;
  (percent >= targets.automationPercent ? wentWell : wentBadly).push(
    `Automation ${percent} % of the manual baseline (target ≥ ${targets.automationPercent} %)`,
  );
  if (feedback.nps) {
    (feedback.nps.nps >= 0 ? wentWell : wentBadly).push(
      `NPS ${feedback.nps.nps} (n = ${feedback.nps.n}, 95 % CI ${feedback.nps.ci95[0]} to ${feedback.nps.ci95[1]})`,
    );
  }
  return { wentWell, wentBadly };
}
