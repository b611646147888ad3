/**
 * Renders reports with LiquidJS in the shared sandbox (src/shared/liquid-sandbox.ts). HTML is
 * escaped for e-mail, `&`/`<`/`>` for Slack.
 */
import { UserError } from '../shared/errors.ts';
import { type LiquidFlavour, renderSandboxed } from '../shared/liquid-sandbox.ts';
import {
  defaultChatTemplate,
  defaultEmailHtmlTemplate,
  defaultEmailSubjectTemplate,
  defaultEmailTextTemplate,
} from './default-templates.ts';
import type { ReportEmail } from './report-dependencies.ts';
import type { ReportModel } from './report-model.ts';
import type { ReportCadence } from './report-period.ts';

/** A report template failed to parse or render; the message names the template. */
export class ReportTemplateError extends UserError {
  readonly template: string;

  constructor(template: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('template_error', `report template ${template} failed: ${detail}`, { cause });
    this.name = 'ReportTemplateError';
    this.template = template;
  }
}

/** A template's source and the name errors use ("default chat", "plan template 'x' …"). */
export interface NamedTemplate {
  name: string;
  source: string;
}

/** The templates of one report: chat text and the three e-mail parts. */
export interface ReportTemplateSet {
  chat: NamedTemplate;
  emailSubject: NamedTemplate;
  emailHtml: NamedTemplate;
  emailText: NamedTemplate;
}

/** A plan template as stored (purposes `report_hourly` / `report_daily` select reports). */
export interface PlanTemplate {
  id: string;
  channel: string;
  purpose: string;
  subject?: string | undefined;
  body: string;
}

/**
 * The templates for a report of `cadence`: the plan's `report_<cadence>` chat and e-mail
 * templates where it has them, the built-in ones otherwise. A plan e-mail template gives the
 * subject and the HTML body; the text part stays the built-in one.
 *
 * @example
 * const templates = reportTemplatesFor(plan.templates, 'hourly');
 */
export function reportTemplatesFor(
  planTemplates: ReadonlyArray<PlanTemplate>,
  cadence: ReportCadence,
): ReportTemplateSet {
  const purpose = `report_${cadence}`;
  const find = (channel: string) =>
    planTemplates.find((t) => t.channel === channel && t.purpose === purpose);
  const chat = find('chat');
  const email = find('email');
  const planName = (t: PlanTemplate, part: string) =>
    `plan template '${t.id}' (${purpose}, ${part})`;
  return {
    chat: chat
      ? { name: planName(chat, 'chat'), source: chat.body }
      : { name: 'default chat', source: defaultChatTemplate },
    emailSubject: email?.subject
      ? { name: planName(email, 'email subject'), source: email.subject }
      : { name: 'default email subject', source: defaultEmailSubjectTemplate },
    emailHtml: email
      ? { name: planName(email, 'email body'), source: email.body }
      : { name: 'default email html', source: defaultEmailHtmlTemplate },
    emailText: { name: 'default email text', source: defaultEmailTextTemplate },
  };
}

/**
 * Renders the chat (Slack mrkdwn) text of a report.
 *
 * @example
 * const text = await renderChatReport(templates, model);
 */
export async function renderChatReport(
  templates: ReportTemplateSet,
  model: ReportModel,
): Promise<string> {
  return (await render('slack', templates.chat, model)).trim();
}

/**
 * Renders the e-mail of a report: a one-line subject, HTML (escaped) and text parts.
 *
 * @example
 * const { subject, html, text } = await renderEmailReport(templates, model);
 */
export async function renderEmailReport(
  templates: ReportTemplateSet,
  model: ReportModel,
): Promise<ReportEmail> {
  const [subject, html, text] = await Promise.all([
    render('text', templates.emailSubject, model),
    render('html', templates.emailHtml, model),
    render('text', templates.emailText, model),
  ]);
  return { subject: subject.replace(/\s+/g, ' ').trim(), html, text };
}

async function render(flavour: LiquidFlavour, template: NamedTemplate, model: ReportModel) {
  try {
    return await renderSandboxed(flavour, template.source, model);
  } catch (error) {
    throw new ReportTemplateError(template.name, error);
  }
}
