/**
 * Incident communications from Liquid templates (shared sandbox, src/shared/liquid-sandbox.ts):
 * the plan's template of a purpose and channel where it has one, the built-in one otherwise. A
 * template that fails names itself in the error.
 */
import type { activationChannels } from '../plan/sections/activations.ts';
import type { templatePurposes } from '../plan/sections/templates.ts';
import { UserError } from '../shared/errors.ts';
import { renderSandboxed } from '../shared/liquid-sandbox.ts';
import type { IncidentSeverity, IncidentStatus } from './comms-tables.ts';
import { defaultCommsTemplates } from './default-comms-templates.ts';

/** A template purpose of the plan. */
export type CommsPurpose = (typeof templatePurposes)[number];
/** A template channel of the plan. */
export type CommsChannel = (typeof activationChannels)[number];

/** A communication template failed to parse or render; the message names the template. */
export class CommsTemplateError extends UserError {
  constructor(template: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('template_error', `comms template ${template} failed: ${detail}`, { cause });
    this.name = 'CommsTemplateError';
  }
}

/** A plan template as stored. */
export interface PlanCommsTemplate {
  id: string;
  channel: string;
  purpose: string;
  subject?: string | undefined;
  body: string;
}

/** What incident templates can use. */
export interface CommsModel {
  venture: { id: string; name: string };
  incident: {
    id: string;
    title: string;
    status: IncidentStatus;
    status_label: string;
    severity: IncidentSeverity;
    message: string;
    started_at: string;
    /** Empty while the incident is open. */
    resolved_at: string;
    duration_minutes: number;
  };
  /** Every public update so far, oldest first. */
  updates: Array<{ status: IncidentStatus; status_label: string; message: string; at: string }>;
}

/** A rendered message: subject (e-mail only) and text. */
export interface RenderedComms {
  subject: string;
  text: string;
}

/**
 * Which template to render: the plan's template of `purpose` and `channel`, else the built-in
 * `<purpose>/<channel>`; or the plan template named `templateId`, else the built-in `builtIn`.
 */
export type CommsTemplateChoice =
  | { purpose: CommsPurpose; channel: CommsChannel }
  | { templateId: string | undefined; builtIn: string };

/**
 * Renders a message: a one-line subject (e-mail templates) and the text.
 *
 * @example
 * const { subject, text } = await renderComms(plan.templates, { purpose: 'incident_press', channel: 'email' }, model);
 */
export async function renderComms(
  planTemplates: ReadonlyArray<PlanCommsTemplate>,
  choice: CommsTemplateChoice,
  model: object,
): Promise<RenderedComms> {
  const named = 'builtIn' in choice ? choice.templateId : undefined;
  const builtInKey = 'builtIn' in choice ? choice.builtIn : `${choice.purpose}/${choice.channel}`;
  const fromPlan =
    'builtIn' in choice
      ? planTemplates.find((t) => named !== undefined && t.id === named)
      : planTemplates.find((t) => t.purpose === choice.purpose && t.channel === choice.channel);
  const builtIn = defaultCommsTemplates[builtInKey];
  const name = fromPlan
    ? `plan template '${fromPlan.id}' (${fromPlan.purpose}, ${fromPlan.channel})`
    : named
      ? `plan template '${named}'`
      : `default ${builtInKey}`;
  const template = fromPlan ?? (named ? undefined : builtIn);
  if (!template) throw new CommsTemplateError(name, 'no such template');
  const render = async (source: string) => {
    try {
      return await renderSandboxed('text', source, model);
    } catch (error) {
      throw new CommsTemplateError(name, error);
    }
  };
  const subject = template.subject ?? builtIn?.subject;
  return {
    subject: subject ? (await render(subject)).replace(/\s+/g, ' ').trim() : '',
    text: (await render(template.body)).trim(),
  };
}

const statusLabels: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/**
 * The label of a status, e.g. `Investigating`.
 *
 * @example
 * statusLabel('monitoring'); // 'Monitoring'
 */
export function statusLabel(status: IncidentStatus): string {
  return statusLabels[status];
}

const defaultMessages: Record<IncidentStatus, string> = {
  investigating: 'We are investigating an issue affecting the service.',
  identified: 'We have identified the cause of the issue and are working on a fix.',
  monitoring: 'A fix is in place and we are monitoring the results.',
  resolved: 'The issue has been resolved. Thank you for your patience.',
};

/**
 * The public message of a status update when the caller gives none.
 *
 * @example
 * defaultStatusMessage('resolved'); // 'The issue has been resolved. Thank you for your patience.'
 */
export function defaultStatusMessage(status: IncidentStatus): string {
  return defaultMessages[status];
}
