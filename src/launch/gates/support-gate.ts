/**
 * The *support trained* entry gate (owner: Support lead): knowledge-base articles cover the
 * launch's features, the roster covers T0 to T+72h without gaps, ticketing passes a
 * create/resolve test, and canned responses exist.
 */
import type { PlanConnector } from '../../connectors/connector-manifest.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { openTicketingConnector, type TicketRequester } from '../../support/ticketing-connector.ts';
import type { GateDeps } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import { evidenceLog, type Gate, gateOf } from './gate-model.ts';
import { rosterGaps } from './roster-coverage.ts';

/** The roster must cover T0 to this many hours after it (SPEC §1: the first 72 h). */
export const rosterHours = 72;

/**
 * Evaluates the gate.
 *
 * @example
 * const gate = await supportTrainedGate(deps, launch);
 */
export async function supportTrainedGate(deps: GateDeps, launch: GateLaunch): Promise<Gate> {
  const evidence = evidenceLog(deps.clock.now());
  const { support, people, connectors } = launch.plan;

  const articles = support.knowledge_base.articles;
  const features = [...new Set(articles.flatMap((a) => a.features))].sort();
  if (articles.length === 0) {
    evidence.add('knowledge_base', 'fail', 'no knowledge-base articles in support.knowledge_base');
  } else if (features.length === 0) {
    evidence.add(
      'knowledge_base',
      'warn',
      `${articles.length} article(s), but none declares the launch features it covers`,
    );
  } else {
    evidence.add(
      'knowledge_base',
      'pass',
      `${articles.length} article(s) cover ${features.join(', ')}`,
    );
  }

  const gaps = rosterGaps(support.roster, 0, rosterHours * 3_600_000);
  const unknown = support.roster.filter((s) => !people.some((p) => p.id === s.person));
  if (support.roster.length === 0) {
    evidence.add('roster_72h', 'fail', 'no support roster: T0 – T+72h is not covered');
  } else if (gaps.length > 0) {
    evidence.add('roster_72h', 'fail', `not covered: ${gaps.map((g) => g.label).join(', ')}`);
  } else if (unknown.length > 0) {
    evidence.add(
      'roster_72h',
      'fail',
      `shifts of people not in the plan: ${unknown.map((s) => s.person).join(', ')}`,
    );
  } else {
    evidence.add(
      'roster_72h',
      'pass',
      `${support.roster.length} shift(s) cover T0 – T+${rosterHours}h (${rosterPeople(launch.plan)})`,
    );
  }

  const ticketing = connectors.find((c) => c.id === support.ticketing && c.kind === 'ticketing');
  if (!ticketing) {
    evidence.add('ticketing', 'warn', 'no ticketing connector configured (support.ticketing)');
  } else {
    const [status, detail] = await ticketingTest(deps, launch.plan, ticketing);
    evidence.add(
      'ticketing',
      status,
      `ticketing connector ${ticketing.id} (${ticketing.vendor}): ${detail}`,
    );
  }

  const canned = support.canned_responses;
  evidence.add(
    'canned_responses',
    canned.length > 0 ? 'pass' : 'fail',
    canned.length > 0
      ? `${canned.length} canned response(s): ${canned.map((c) => c.id).join(', ')}`
      : 'no canned responses in support.canned_responses',
  );
  return gateOf('support_trained', evidence.items);
}

/** Who asks in the test ticket: the support lead (else any support person) with an e-mail. */
function testRequester(plan: LaunchPlan): TicketRequester {
  const withEmail = plan.people.filter((person) => person.contact.email !== undefined);
  const person =
    withEmail.find((candidate) => candidate.roles.includes('support_lead')) ??
    withEmail.find((candidate) => candidate.roles.includes('support')) ??
    withEmail[0];
  if (person?.contact.email) return { name: person.name, email: person.contact.email };
  return {
    name: 'LaunchCrew',
    email: `launchcrew-test@${new URL(plan.venture.production_url).hostname}`,
  };
}

/** Creates and solves a test ticket through the plan's ticketing connector. */
async function ticketingTest(
  deps: GateDeps,
  plan: LaunchPlan,
  connector: PlanConnector,
): Promise<['pass' | 'fail', string]> {
  try {
    const ticketing = await openTicketingConnector(connector, deps.env);
    const { id } = await ticketing.createTicket({
      subject: `[test] ${plan.venture.name}: launch readiness ticketing test`,
      body: 'LaunchCrew checks that support tickets can be created and solved before the launch. No action needed.',
      requester: testRequester(plan),
    });
    await ticketing.resolveTicket(id);
    return ['pass', `test ticket ${id} created and solved`];
  } catch (error) {
    return [
      'fail',
      `create/resolve test failed: ${error instanceof Error ? error.message : String(error)}`,
    ];
  }
}

function rosterPeople(plan: LaunchPlan): string {
  return [...new Set(plan.support.roster.map((s) => s.person))].join(', ');
}
