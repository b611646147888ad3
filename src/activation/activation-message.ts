/**
 * Builds the message of one activation: its plan template rendered with real data (venture,
 * launch, activation, links), every link UTM-tagged, and its audience resolved.
 */
import { renderComms } from '../comms/comms-templates.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import { UserError } from '../shared/errors.ts';
import type { ActivationMessage } from './activation-connector.ts';
import type { ActivationLaunch } from './activation-store.ts';
import { activationUtm, tagLinks } from './utm.ts';

/** One activation of a plan. */
export type PlanActivation = LaunchPlan['activations'][number];

/** What activation templates can use. */
export interface ActivationModel {
  venture: { id: string; name: string; production_url: string };
  launch: { id: string; t0: string; live_at: string };
  activation: { id: string; channel: string; at: string; due_at: string };
  links: { product: string };
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
 * Renders, tags and addresses an activation. `vendor` is the connector's vendor (the default
 * `utm_source`); `sendAt` its due time, `now` the clock's time.
 *
 * @example
 * const message = await buildActivationMessage(launch, activation, { vendor: 'sendgrid', sendAt: dueAt, now });
 */
export async function buildActivationMessage(
  launch: ActivationLaunch,
  activation: PlanActivation,
  options: { vendor?: string | undefined; sendAt: Date; now: Date; key: string },
): Promise<ActivationMessage> {
  const model: ActivationModel = {
    venture: {
      id: launch.ventureId,
      name: launch.ventureName,
      production_url: launch.plan.venture.production_url,
    },
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
    links: { product: launch.plan.venture.production_url },
  };
  const rendered = await renderComms(
    launch.plan.templates ?? [],
    { templateId: activation.template, builtIn: `activation/${activation.channel}` },
    model,
  );
  const utm = activationUtm(activation, { ventureId: launch.ventureId, vendor: options.vendor });
  const audience = (launch.plan.audiences ?? []).find((a) => a.id === activation.audience);
  return {
    key: options.key,
    activationId: activation.id,
    launchId: launch.id,
    subject: rendered.subject || undefined,
    text: tagLinks(rendered.text, utm),
    recipients: audience?.kind === 'inline' ? audience.members : [],
    listId: audience?.kind === 'list' ? audience.list_id : undefined,
    sendAt: options.sendAt,
    now: options.now,
    title: rendered.subject || `${launch.ventureName} launch: ${activation.id}`,
  };
}
