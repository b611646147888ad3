import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { SimulatedClock } from '../../clock/clock.ts';
import { type FakeVendor, startFakeVendor } from '../../connectors/testing/fake-vendor.ts';
import { parsePlanText } from '../../plan/load.ts';
import { parameterValuesOf, resolveParameters } from '../../plan/resolve.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { validPlanData } from '../../plan/testing/plan-fixtures.ts';
import type { GateDeps } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import { supportTrainedGate } from './support-gate.ts';

const token = 'zd-secret-token-1234';
let t: TestDatabase;
let zendesk: FakeVendor;
let deps: GateDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  zendesk = await startFakeVendor();
  deps = {
    db: t.db,
    clock: new SimulatedClock(new Date('2026-05-20T10:00:00Z')),
    env: { ZENDESK_API_TOKEN: token },
  };
});
afterAll(async () => {
  await zendesk.close();
  await t.drop();
});
beforeEach(() => {
  zendesk.received.length = 0;
  zendesk.replies.length = 0;
});

/** The sample B2B plan, its Zendesk connector pointed at the fake (or left out). */
function launchOf(withTicketing: boolean): GateLaunch {
  const data = validPlanData();
  const helpdesk = data.connectors.find((connector) => connector.id === 'zendesk');
  if (helpdesk) helpdesk.config = { ...(helpdesk.config as object), base_url: zendesk.url };
  if (!withTicketing) {
    data.connectors = data.connectors.filter((connector) => connector.id !== 'zendesk');
    delete (data.support as Record<string, unknown>).ticketing;
  }
  const { plan, problems } = parsePlanText(stringify(data), 'plan.yaml');
  if (!plan) throw new Error(JSON.stringify(problems));
  return {
    id: '00000000-0000-4000-8000-000000000001',
    ventureId: plan.venture.id,
    t0: new Date('2026-05-27T15:00:00Z'),
    plan: plan as LaunchPlan,
    parameters: parameterValuesOf(resolveParameters({ plan })),
  };
}

function ticketingEvidence(gate: Awaited<ReturnType<typeof supportTrainedGate>>) {
  return gate.evidence.find((item) => item.check === 'ticketing');
}

describe('support gate: ticketing', () => {
  it('passes when a test ticket is created and solved in Zendesk', async () => {
    zendesk.replies.push(
      { status: 201, body: JSON.stringify({ ticket: { id: 912 } }) },
      { status: 200, body: JSON.stringify({ ticket: { id: 912, status: 'solved' } }) },
    );
    const gate = await supportTrainedGate(deps, launchOf(true));
    expect(ticketingEvidence(gate)).toMatchObject({
      status: 'pass',
      detail: 'ticketing connector zendesk (zendesk): test ticket 912 created and solved',
    });
    expect(zendesk.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v2/tickets.json',
      'PUT /api/v2/tickets/912.json',
    ]);
    const created = JSON.parse(zendesk.received[0]?.body ?? '') as {
      ticket: { requester: unknown; tags: string[] };
    };
    expect(created.ticket.requester).toEqual({ name: 'Sam Support', email: 'sam@acme.example' });
    expect(created.ticket.tags).toEqual(['launchcrew-test']);
  });

  it("fails with Zendesk's message when the ticket cannot be created", async () => {
    zendesk.replies.push({
      status: 403,
      body: JSON.stringify({ error: { title: 'Forbidden', message: 'You do not have access' } }),
    });
    const gate = await supportTrainedGate(deps, launchOf(true));
    const evidence = ticketingEvidence(gate);
    expect(evidence).toMatchObject({
      status: 'fail',
      detail:
        'ticketing connector zendesk (zendesk): create/resolve test failed: zendesk rejected the request: HTTP 403 Forbidden: You do not have access',
    });
    expect(evidence?.detail).not.toContain(token);
    expect(gate.status).toBe('fail');
  });

  it('warns when no ticketing connector is configured', async () => {
    const gate = await supportTrainedGate(deps, launchOf(false));
    expect(ticketingEvidence(gate)).toMatchObject({
      status: 'warn',
      detail: 'no ticketing connector configured (support.ticketing)',
    });
    expect(zendesk.received).toHaveLength(0);
  });
});
