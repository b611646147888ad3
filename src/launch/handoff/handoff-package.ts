/**
 * The Stage 32 handoff package (SPEC §1 31.3): retrospective, categorised feedback report,
 * metrics snapshot with its 7-day baseline, known-issues log and the customer-success onboarding
 * plan. Stored once per launch (`handoff_packages`); the first stored package is the package.
 */
import type { Clock } from '../../clock/clock.ts';
import { communicationsOf, recipientsOf } from '../../comms/comms-recipients.ts';
import {
  type FeedbackReport,
  type FeedbackTheme,
  feedbackReport,
  type UrgentTicket,
} from '../../feedback/feedback-report.ts';
import { readNewUsers } from '../../metrics/derived/user-metrics.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { UserError } from '../../shared/errors.ts';
import type { DbExecutor } from '../../store/database.ts';
import { findLaunchRow } from '../launch-service.ts';
import { openIncidentsOf } from './exit-gates.ts';
import { type MetricsSnapshot, metricsSnapshot } from './metrics-snapshot.ts';
import { buildRetrospective, type Retrospective } from './retrospective.ts';

/** An incident still open at handoff. */
export interface OpenIncident {
  id: string;
  severity: string;
  state: string;
  title: string;
  openedAt: string;
}

/** The customer-success onboarding plan for Stage 32. */
export interface OnboardingPlan {
  owners: Array<{ id: string; name: string; roles: string[]; email: string | null }>;
  topThemes: FeedbackTheme[];
  /** Recipients of the early-adopter thank-you (null when the plan names none LaunchCrew can count). */
  earlyAdopters: number | null;
  /** Distinct users who signed up since T0 (null without tracked events). */
  accounts: number | null;
  checklist: Array<{ day: string; item: string }>;
}

/** The handoff package of a launch. */
export interface HandoffPackage {
  launchId: string;
  venture: { id: string; name: string };
  state: string;
  t0: string;
  liveAt: string | null;
  succeededAt: string | null;
  builtAt: string;
  retrospective: Retrospective;
  feedbackSummary: FeedbackReport;
  metricsSnapshot: MetricsSnapshot;
  knownIssues: { incidents: OpenIncident[]; tickets: UrgentTicket[] };
  customerSuccessOnboarding: OnboardingPlan;
}

/**
 * Builds (does not store) the handoff package of a launch at the clock's time.
 *
 * @example
 * const pkg = await buildHandoffPackage(db, clock, launchId);
 * renderHandoffMarkdown(pkg);
 */
export async function buildHandoffPackage(
  db: DbExecutor,
  clock: Clock,
  launchId: string,
): Promise<HandoffPackage> {
  const launch = await findLaunchRow(db, launchId);
  const plan = launch.plan as LaunchPlan;
  const now = clock.now();
  const liveAt = launch.live_at ?? launch.t0;
  const feedback = await feedbackReport(db, launchId);
  const openIncidents = await openIncidentsOf(db, launchId);
  const accounts = await readNewUsers(db, { launchId, at: now, span: 'all' });
  return {
    launchId,
    venture: { id: launch.venture_id, name: launch.venture_name },
    state: launch.state,
    t0: launch.t0.toISOString(),
    liveAt: launch.live_at?.toISOString() ?? null,
    succeededAt: launch.state === 'succeeded' ? (launch.ended_at?.toISOString() ?? null) : null,
    builtAt: now.toISOString(),
    retrospective: await buildRetrospective(db, launchId, feedback),
    feedbackSummary: feedback,
    metricsSnapshot: await metricsSnapshot(db, launchId, liveAt, now),
    knownIssues: {
      incidents: openIncidents.map((row) => ({
        id: row.id,
        severity: row.severity,
        state: row.state,
        title: row.title,
        openedAt: row.opened_at.toISOString(),
      })),
      tickets: feedback.urgentTickets,
    },
    customerSuccessOnboarding: onboardingPlan(plan, feedback, accounts.value, openIncidents.length),
  };
}

function onboardingPlan(
  plan: LaunchPlan,
  feedback: FeedbackReport,
  accounts: number | null,
  openIncidents: number,
): OnboardingPlan {
  const owners = plan.people
    .filter((p) => p.roles.includes('support') || p.roles.includes('support_lead'))
    .map((p) => ({ id: p.id, name: p.name, roles: [...p.roles], email: p.contact.email ?? null }));
  const earlyAdopters = countEarlyAdopters(plan);
  const topThemes = feedback.themes.slice(0, 3);
  const nps = feedback.nps;
  const checklist = [
    {
      day: 'Day 1',
      item: `Hand over the known issues: ${openIncidents} open incident(s), ${feedback.urgentTickets.length} P0/P1 ticket(s)`,
    },
    {
      day: 'Days 1–3',
      item: `Check in with ${earlyAdopters ?? 'the'} early adopter(s) and ${accounts ?? 'the'} new account(s)`,
    },
    ...topThemes.map((theme) => ({
      day: 'Week 1',
      item: `Address the top theme: ${theme.sentence}`,
    })),
    {
      day: 'Week 2',
      item: `Run a follow-up NPS survey (launch NPS ${nps ? `${nps.nps}, n = ${nps.n}` : 'not measured'})`,
    },
    { day: 'Week 2', item: 'Define account health scores from the engagement metrics' },
    { day: 'Day 30', item: 'Review the launch cohort’s retention and report to the LEAD' },
  ];
  if (owners.length === 0) {
    checklist.unshift({
      day: 'Day 1',
      item: 'Name a customer-success owner (the plan has no support person)',
    });
  }
  return { owners, topThemes, earlyAdopters, accounts, checklist };
}

function countEarlyAdopters(plan: LaunchPlan): number | null {
  const wanted = communicationsOf(plan)?.success?.early_adopters;
  if (!wanted) return null;
  try {
    return recipientsOf(plan, wanted).length;
  } catch (error) {
    if (error instanceof UserError) return null;
    throw error;
  }
}
