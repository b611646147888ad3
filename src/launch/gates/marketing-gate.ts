/**
 * The *marketing ready* entry gate (owner: Marketing lead): every activation's template renders
 * with real data, its links carry UTM codes, each activation connector passes its connection
 * test, every audience is non-empty, and a test of each e-mail activation reached the seed
 * inboxes (the plan's marketing people), sent once per evaluation through the delivery ledger.
 */
import { type ActivationMessage, seedTestMessage } from '../../activation/activation-connector.ts';
import { deliverOnce } from '../../deliveries/delivery-ledger.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import {
  type ActivationModel,
  activationModel,
  audienceSize,
  hasUtmCodes,
  type RenderedSample,
  renderActivationSample,
} from './activation-sample.ts';
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
  const rendered = new Map<string, RenderedSample>();
  for (const activation of plan.activations) {
    const model = activationModel(plan, activation, launch, recipient);
    const sample = await renderTemplate(evidence, plan, activation, model);
    if (sample) rendered.set(activation.id, sample);
  }
  await checkConnections(deps, evidence, plan);
  checkAudiences(evidence, plan);
  await sendSeedTests(deps, evidence, launch, evaluationId, rendered, seeds);
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

async function renderTemplate(
  evidence: Evidence,
  plan: LaunchPlan,
  activation: Activation,
  model: ActivationModel,
): Promise<RenderedSample | undefined> {
  const template = plan.templates.find((t) => t.id === activation.template);
  if (!template) {
    evidence.add(
      `template:${activation.id}`,
      'fail',
      `activation ${activation.id}: template '${activation.template}' is not in the plan`,
    );
    return undefined;
  }
  let sample: RenderedSample;
  try {
    sample = await renderActivationSample(template, model);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    evidence.add(
      `template:${activation.id}`,
      'fail',
      `activation ${activation.id}: template '${template.id}' failed: ${message}`,
    );
    return undefined;
  }
  evidence.add(
    `template:${activation.id}`,
    'pass',
    `activation ${activation.id}: template '${template.id}' rendered (${sample.text.length} characters)`,
  );
  const untagged = sample.links.filter((link) => !hasUtmCodes(link));
  if (sample.links.length > 0) {
    if (untagged.length === 0 || activation.utm) {
      evidence.add(
        `utm:${activation.id}`,
        'pass',
        `activation ${activation.id}: ${sample.links.length} link(s) carry UTM codes`,
      );
    } else {
      evidence.add(
        `utm:${activation.id}`,
        'warn',
        `activation ${activation.id}: no UTM codes on ${untagged.join(', ')} and the activation sets no utm`,
      );
    }
  }
  return sample;
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
  evaluationId: string,
  rendered: ReadonlyMap<string, RenderedSample>,
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
  const now = deps.clock.now();
  for (const activation of emails) {
    const sample = rendered.get(activation.id);
    const connectorId = activation.connector ?? '';
    if (!sample) continue;
    const message: ActivationMessage = {
      key: `gates:${evaluationId}:${activation.id}`,
      activationId: activation.id,
      launchId: launch.id,
      subject: sample.subject,
      text: sample.text,
      recipients: inboxes,
      sendAt: now,
      now,
      title: sample.subject ?? activation.id,
    };
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
