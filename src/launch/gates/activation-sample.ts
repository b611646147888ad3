/**
 * An activation rendered with the launch's real data for the *marketing ready* gate: the plan's
 * venture, the activation, its audience, a real recipient (the seed inbox) and the links of the
 * launch (home, help) — each carrying the activation's UTM codes, as a send adds them.
 */
import type { LaunchPlan } from '../../plan/schema.ts';
import { renderSandboxed } from '../../shared/liquid-sandbox.ts';

type Activation = LaunchPlan['activations'][number];
type Utm = NonNullable<Activation['utm']>;

/** What an activation template can use. */
export interface ActivationModel {
  venture: LaunchPlan['venture'];
  launch: { id: string; t0: string };
  activation: { id: string; channel: string; at: string };
  audience: { id: string; name: string; size: number | null };
  recipient: { email: string; name: string; first_name: string };
  links: { home: string; help: string };
}

/** The activation rendered: subject (e-mail), text, and the links found in it. */
export interface RenderedSample {
  subject?: string | undefined;
  text: string;
  links: string[];
}

/**
 * The template model of `activation` with real launch data and `recipient`.
 *
 * @example
 * const model = activationModel(plan, activation, { id: launchId, t0 }, { email: 'mia@acme.example', name: 'Mia Marketing' });
 */
export function activationModel(
  plan: LaunchPlan,
  activation: Activation,
  launch: { id: string; t0: Date },
  recipient: { email: string; name: string },
): ActivationModel {
  const audience = plan.audiences.find((a) => a.id === activation.audience);
  const help =
    plan.support.knowledge_base.url ?? new URL('/help', plan.venture.production_url).href;
  return {
    venture: plan.venture,
    launch: { id: launch.id, t0: launch.t0.toISOString() },
    activation: { id: activation.id, channel: activation.channel, at: activation.at },
    audience: {
      id: audience?.id ?? '',
      name: audience?.name ?? audience?.id ?? '',
      size: audience ? audienceSize(audience) : null,
    },
    recipient: { ...recipient, first_name: recipient.name.split(/\s+/)[0] ?? recipient.name },
    links: {
      home: withUtm(plan.venture.production_url, activation.utm),
      help: withUtm(help, activation.utm),
    },
  };
}

/**
 * Renders the activation's template (subject and body) with `model`; Liquid errors are thrown.
 *
 * @example
 * const { text, links } = await renderActivationSample(template, model);
 */
export async function renderActivationSample(
  template: LaunchPlan['templates'][number],
  model: ActivationModel,
): Promise<RenderedSample> {
  const subject =
    template.subject === undefined
      ? undefined
      : await renderSandboxed('text', template.subject, model);
  const text = await renderSandboxed('text', template.body, model);
  return { subject, text, links: linksIn(`${subject ?? ''}\n${text}`) };
}

/**
 * True when `url` carries utm_source, utm_medium and utm_campaign.
 *
 * @example
 * hasUtmCodes('https://acme.example/?utm_source=x&utm_medium=y&utm_campaign=z'); // true
 */
export function hasUtmCodes(url: string): boolean {
  try {
    const params = new URL(url).searchParams;
    return ['utm_source', 'utm_medium', 'utm_campaign'].every((name) => params.has(name));
  } catch {
    return false;
  }
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

function withUtm(url: string, utm: Utm | undefined): string {
  if (!utm) return url;
  const tagged = new URL(url);
  tagged.searchParams.set('utm_source', utm.source);
  tagged.searchParams.set('utm_medium', utm.medium);
  tagged.searchParams.set('utm_campaign', utm.campaign);
  if (utm.content) tagged.searchParams.set('utm_content', utm.content);
  return tagged.href;
}

function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}
