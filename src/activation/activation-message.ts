/**
 * The one template model of activations and the message built from it: the plan template
 * rendered with real data (venture, launch, activation, audience, recipient, links), every link
 * UTM-tagged, and the audience resolved. The send job and the *marketing ready* gate both call
 * `buildActivationMessage`, so the gate's sample is exactly what the send would render.
 *
 * Templates render in the shared Liquid sandbox with strict variables: a variable the model lacks
 * (a typo, `links.help` without a knowledge base URL) is an error, reported by the gate as
 * `activation <id>: template '<template>' failed: undefined variable: <name>`. A send renders one
 * text for all recipients, so `recipient.*` is empty there: write
 * `{{ recipient.first_name | default: "there" }}`; the gate renders it for its seed inbox.
 */
import { CommsTemplateError, renderComms } from '../comms/comms-templates.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { ActivationMessage } from './activation-connector.ts';
import { activationUtm, tagLinks } from './utm.ts';

/** One activation of a plan. */
export type PlanActivation = LaunchPlan['activations'][number];

/** The launch data an activation renders with (the send job's and the gates' launch fit it). */
export interface ActivationModelLaunch {
  id: string;
  ventureId: string;
  t0: Date;
  liveAt?: Date | null | undefined;
  plan: LaunchPlan;
}

/** Who a rendered activation addresses; empty fields when it goes to many at once. */
export interface ActivationRecipient {
  email: string;
  name: string;
}

/** What activation templates can use. */
export interface ActivationModel {
  /** The plan's venture; `tagline` is `gtm.value_proposition` (empty when the plan has none). */
  venture: LaunchPlan['venture'] & { tagline: string };
  /** `live_at` is empty until the product is live. */
  launch: { id: string; t0: string; live_at: string };
  activation: { id: string; channel: string; at: string; due_at: string };
  /** `size`: inline members, or a list's `expected_size`; null when unknown. */
  audience: { id: string; name: string; size: number | null };
  /** `first_name` is the first word of `name`; all empty for a send to many. */
  recipient: { email: string; name: string; first_name: string };
  /** `home` and `product`: the production URL; `help`: the knowledge base URL, only if set. */
  links: { home: string; product: string; help?: string };
}

/**
 * The plan activation `activationId`; `UserError` when the plan has none of that id.
 *
 * @example
 * const activation = planActivation(plan, 'email_t0');
 */
export function planActivation(plan: LaunchPlan, activationId: string): PlanActivation {
  const activation = (plan.activations ?? []).find((a) => a.id === activationId);
  if (!activation) {
    throw new UserError('unknown_activation', `the plan has no activation '${activationId}'`, {
      status: 404,
      path: ['activationId'],
    });
  }
  return activation;
}

/**
 * Recipients of an audience: inline members, or a list's expected size (null when unknown).
 *
 * @example
 * audienceSize({ id: 'beta', kind: 'inline', members: ['a@acme.example'] }); // 1
 */
export function audienceSize(audience: LaunchPlan['audiences'][number]): number | null {
  return audience.kind === 'inline' ? audience.members.length : (audience.expected_size ?? null);
}

/**
 * The template model of `activation`, due at `sendAt`, addressed to `recipient` (none: a send to
 * many, `recipient.*` empty).
 *
 * @example
 * const model = activationModel(launch, activation, { sendAt: dueAt, recipient: { email: 'mia@acme.example', name: 'Mia Park' } });
 * model.recipient.first_name; // 'Mia'
 */
export function activationModel(
  launch: ActivationModelLaunch,
  activation: PlanActivation,
  options: { sendAt: Date; recipient?: ActivationRecipient | undefined },
): ActivationModel {
  const { plan } = launch;
  const audience = (plan.audiences ?? []).find((a) => a.id === activation.audience);
  const recipient = options.recipient ?? { email: '', name: '' };
  const productUrl = plan.venture.production_url;
  const helpUrl = plan.support?.knowledge_base?.url;
  return {
    venture: { ...plan.venture, tagline: plan.gtm?.value_proposition ?? '' },
    launch: {
      id: launch.id,
      t0: launch.t0.toISOString(),
      live_at: launch.liveAt?.toISOString() ?? '',
    },
    activation: {
      id: activation.id,
      channel: activation.channel,
      at: activation.at,
      due_at: options.sendAt.toISOString(),
    },
    audience: {
      id: audience?.id ?? '',
      name: audience?.name ?? audience?.id ?? '',
      size: audience ? audienceSize(audience) : null,
    },
    recipient: { ...recipient, first_name: recipient.name.trim().split(/\s+/)[0] ?? '' },
    links: { home: productUrl, product: productUrl, ...(helpUrl ? { help: helpUrl } : {}) },
  };
}

/**
 * Renders, tags and addresses an activation: the plan template it names (or the built-in
 * `activation/<channel>`), links tagged with the activation's UTM codes (source: its connector's
 * vendor by default). `sendAt` is its due time, `now` the clock's time, `recipient` the one
 * person it is rendered for (the gate's seed inbox). A template that fails throws
 * `CommsTemplateError` (see `activationTemplateFailure`).
 *
 * @example
 * const message = await buildActivationMessage(launch, activation, { sendAt: dueAt, now, key: row.delivery_key });
 */
export async function buildActivationMessage(
  launch: ActivationModelLaunch,
  activation: PlanActivation,
  options: { sendAt: Date; now: Date; key: string; recipient?: ActivationRecipient | undefined },
): Promise<ActivationMessage> {
  const { plan } = launch;
  const rendered = await renderComms(
    plan.templates ?? [],
    { templateId: activation.template, builtIn: `activation/${activation.channel}` },
    activationModel(launch, activation, options),
  );
  const vendor = (plan.connectors ?? []).find((c) => c.id === activation.connector)?.vendor;
  const utm = activationUtm(activation, { ventureId: launch.ventureId, vendor });
  const audience = (plan.audiences ?? []).find((a) => a.id === activation.audience);
  return {
    key: options.key,
    activationId: activation.id,
    launchId: launch.id,
    subject: rendered.subject ? tagLinks(rendered.subject, utm) : undefined,
    text: tagLinks(rendered.text, utm),
    recipients: audience?.kind === 'inline' ? audience.members : [],
    listId: audience?.kind === 'list' ? audience.list_id : undefined,
    sendAt: options.sendAt,
    now: options.now,
    title: rendered.subject || `${plan.venture.name} launch: ${activation.id}`,
  };
}

/**
 * Why an activation failed to render, as one line naming the activation, its template and the
 * Liquid error (e.g. the undefined variable).
 *
 * @example
 * activationTemplateFailure(activation, error);
 * // "activation email_t0: template 'launch-email' failed: undefined variable: venture.slogan, line:1, col:4"
 */
export function activationTemplateFailure(activation: PlanActivation, error: unknown): string {
  const template = activation.template ?? `activation/${activation.channel}`;
  const cause = error instanceof CommsTemplateError ? error.cause : error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return `activation ${activation.id}: template '${template}' failed: ${detail}`;
}
