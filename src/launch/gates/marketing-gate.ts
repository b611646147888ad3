/**
 * The *marketing ready* entry gate (owner: Marketing lead): every activation renders with real
 * data through the send's own `buildActivationMessage` (strict variables, for the first seed inbox), its links carry UTM codes, each activation connector passes its connection
 * test, every audience is non-empty, and a test of each e-mail activation reached the seed
 * inboxes (the plan's marketing people), sent once per evaluation through the delivery ledger.
 */
import { type ActivationMessage, seedTestMessage } from '../../activation/activation-connector.ts';
import {
  type ActivationRecipient,
  activationTemplateFailure,
  audienceSize,
  buildActivationMessage,
} from '../../activation/activation-message.ts';
import { findLinks, hasUtmCodes } from '../../activation/utm.ts';
import { deliverOnce } from '../../deliveries/delivery-ledger.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { connectorOpenerOf, type GateDeps } from './gate-deps.ts';
import type { GateLaunch } from './gate-launch.ts';
import { evidenceLog, type Gate, gateOf } from './gate-model.ts';

type Activation = LaunchPlan['activations'][number];
type Evidence = ReturnType<typeof evidenceLog>;

/**
 * Evaluates the gate; `evaluationId` makes the seed-test deliveries unique to this evaluation.
 *
 * @example
 * const gate = await marketingReadyGate(deps, launch, randomUUID());
 */
export async function marketingReadyGate(
  deps: GateDeps,
  launch: GateLaunch,
  evaluationId: string,
): Promise<Gate> {
  const evidence = evidenceLog(deps.clock.now());
  const { plan } = launch;
  const seeds = seedInboxes(plan);
  const recipient = seeds[0] ?? {
    email: `seed@${new URL(plan.venture.production_url).hostname}`,
    name: 'Seed Inbox',
  };
  if (plan.activations.length === 0) {
    evidence.add('activations', 'warn', 'the plan has no activations');
  }
  const rendered = new Map<string, ActivationMessage>();
  const now = deps.clock.now();
  for (const activation of plan.activations) {
    const message = await renderActivation(evidence, launch, activation, {
      sendAt: now,
      now,
      key: `gates:${evaluationId}:${activation.id}`,
      recipient,
    });
    if (message) rendered.set(activation.id, message);
  }
  await checkConnections(deps, evidence, plan);
  checkAudiences(evidence, plan);
  await sendSeedTests(deps, evidence, launch, rendered, seeds);
  return gateOf('marketing_ready', evidence.items);
}

/** The plan's marketing people with an e-mail address. */
function seedInboxes(plan: LaunchPlan): { email: string; name: string }[] {
  return plan.people.flatMap((person) =>
    person.contact.email &&
    person.roles.some((role) => role === 'marketing' || role === 'marketing_lead')
      ? [{ email: person.contact.email, name: person.name }]
      : [],
  );
}

/** Renders an activation as the send would; evidence of the template and of its links' UTM codes. */
async function renderActivation(
  evidence: Evidence,
  launch: GateLaunch,
  activation: Activation,
  options: { sendAt: Date; now: Date; key: string; recipient: ActivationRecipient },
): Promise<ActivationMessage | undefined> {
  let message: ActivationMessage;
  try {
    message = await buildActivationMessage(launch, activation, options);
  } catch (error) {
    evidence.add(`template:${activation.id}`, 'fail', activationTemplateFailure(activation, error));
    return undefined;
  }
  evidence.add(
    `template:${activation.id}`,
    'pass',
    `activation ${activation.id}: template '${activation.template}' rendered (${message.text.length} characters)`,
  );
  const links = findLinks(`${message.subject ?? ''}\n${message.text}`);
  const untagged = links.filter((link) => !hasUtmCodes(link));
  if (links.length === 0) return message;
  if (untagged.length === 0) {
    evidence.add(
      `utm:${activation.id}`,
      'pass',
      `activation ${activation.id}: ${links.length} link(s) carry UTM codes${activation.utm ? '' : ' (the defaults: the activation sets no utm)'}`,
    );
  } else {
    evidence.add(
      `utm:${activation.id}`,
      'warn',
      `activation ${activation.id}: no UTM codes on ${untagged.join(', ')}`,
    );
  }
  return message;
}

async function checkConnections(
  deps: GateDeps,
  evidence: Evidence,
  plan: LaunchPlan,
): Promise<void> {
  const connectorIds = [
    ...new Set(plan.activations.flatMap((a) => (a.connector ? [a.connector] : []))),
  ];
  const open = connectorOpenerOf(deps);
  await Promise.all(
    connectorIds.map(async (connectorId) => {
      try {
        const check = await (await open(plan, connectorId, deps.env)).checkConnection();
        evidence.add(
          `connection:${connectorId}`,
          check.ok ? 'pass' : 'fail',
          `connector ${connectorId}: ${check.message}`,
        );
      } catch (error) {
        evidence.add(
          `connection:${connectorId}`,
          'fail',
          `connector ${connectorId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );
}

function checkAudiences(evidence: Evidence, plan: LaunchPlan): void {
  const used = new Set(plan.activations.flatMap((a) => (a.audience ? [a.audience] : [])));
  for (const audience of plan.audiences.filter((a) => used.has(a.id))) {
    const size = audienceSize(audience);
    if (size === null) {
      evidence.add(
        `audience:${audience.id}`,
        'warn',
        `audience ${audience.id}: list ${audience.kind === 'list' ? audience.list_id : ''} has no expected_size, so it may be empty`,
      );
    } else {
      evidence.add(
        `audience:${audience.id}`,
        size > 0 ? 'pass' : 'fail',
        `audience ${audience.id}: ${size} recipient(s)`,
      );
    }
  }
}

async function sendSeedTests(
  deps: GateDeps,
  evidence: Evidence,
  launch: GateLaunch,
  rendered: ReadonlyMap<string, ActivationMessage>,
  seeds: { email: string }[],
): Promise<void> {
  const emails = launch.plan.activations.filter((a) => a.channel === 'email' && a.connector);
  if (emails.length === 0) return;
  if (seeds.length === 0) {
    evidence.add(
      'seed_test',
      'warn',
      'no person with role marketing or marketing_lead has an e-mail address to use as seed inbox',
    );
    return;
  }
  const inboxes = seeds.map((seed) => seed.email);
  for (const activation of emails) {
    const message = rendered.get(activation.id);
    const connectorId = activation.connector ?? '';
    if (!message) continue;
    const check = `seed_test:${activation.id}`;
    try {
      const connector = await connectorOpenerOf(deps)(launch.plan, connectorId, deps.env);
      const prepared = connector.prepareTest
        ? connector.prepareTest(message, inboxes)
        : connector.prepare(seedTestMessage(message, inboxes));
      await deliverOnce(
        deps.db,
        deps.clock,
        {
          key: `${message.key}:seed-test`,
          channel: connectorId,
          launchId: launch.id,
          request: { connector: connectorId, ...prepared.request },
        },
        prepared.send,
      );
      evidence.add(
        check,
        'pass',
        `activation ${activation.id}: test sent via ${connectorId} to ${inboxes.join(', ')}`,
      );
    } catch (error) {
      evidence.add(
        check,
        'fail',
        `activation ${activation.id}: test via ${connectorId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
