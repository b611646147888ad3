/**
 * Who gets what (the plan's `communications` section): for one status update, the e-mails to
 * users, press and investors, each with its template purpose and recipients, and whether the
 * status-page connectors are told.
 */
import type { LaunchPlan } from '../plan/schema.ts';
import { communicationsSchema } from '../plan/sections/communications.ts';
import { UserError } from '../shared/errors.ts';
import type { IncidentSeverity, IncidentStatus } from './comms-tables.ts';
import type { CommsPurpose } from './comms-templates.ts';

/** An audience of incident e-mails. */
export type CommsAudience = 'users' | 'press' | 'investors';

/** One e-mail message to send for an update. */
export interface PlannedEmail {
  audience: CommsAudience;
  purpose: CommsPurpose;
  /** The plan's e-mail connector id (may not exist: the delivery then fails with a reason). */
  connectorId: string | undefined;
  /** Throws `UserError` for a recipient the plan cannot e-mail (its delivery then fails). */
  recipients(): Recipient[];
}

/** Someone an e-mail goes to. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
}

const purposes: Record<CommsAudience, CommsPurpose> = {
  users: 'incident_user',
  press: 'incident_press',
  investors: 'incident_investor',
};

/**
 * The e-mails an update of `status` and `severity` sends under `plan`.
 *
 * @example
 * plannedEmails(plan, 'resolved', 'P0').map((e) => e.audience); // ['users', 'press', 'investors']
 */
export function plannedEmails(
  plan: LaunchPlan,
  status: IncidentStatus,
  severity: IncidentSeverity,
): PlannedEmail[] {
  const settings = communicationsOf(plan);
  if (!settings) return [];
  const firstEmail = plan.connectors.find((c) => c.kind === 'email')?.id;
  return (Object.keys(purposes) as CommsAudience[]).flatMap((audience) => {
    const wanted = settings[audience];
    if (!wanted.statuses.includes(status) || !wanted.severities.includes(severity)) return [];
    if (wanted.audiences.length === 0 && wanted.people.length === 0) return [];
    return [
      {
        audience,
        purpose: purposes[audience],
        connectorId: wanted.connector ?? firstEmail,
        recipients: () => recipientsOf(plan, wanted),
      },
    ];
  });
}

/**
 * True when an update of `severity` goes to the plan's status-page connectors.
 *
 * @example
 * postsToStatusPage(plan, 'P3'); // false by default
 */
export function postsToStatusPage(plan: LaunchPlan, severity: IncidentSeverity): boolean {
  const severities = communicationsOf(plan)?.status_page_severities ?? ['P0', 'P1', 'P2'];
  return severities.includes(severity);
}

/**
 * The e-mail addresses of inline audiences and people of the plan. Throws `UserError` for a list
 * audience kept at a vendor, an unknown id or a person without an e-mail address.
 *
 * @example
 * recipientsOf(plan, { audiences: ['early-adopters'], people: ['ana'] });
 */
export function recipientsOf(
  plan: LaunchPlan,
  wanted: { audiences: readonly string[]; people: readonly string[] },
): Recipient[] {
  return [
    ...wanted.audiences.flatMap((id) => audienceMembers(plan, id)),
    ...wanted.people.map((id) => personAddress(plan, id)),
  ];
}

/**
 * The plan's `communications` section with defaults applied (plans stored before it existed
 * lack it), or undefined.
 *
 * @example
 * communicationsOf(plan)?.success?.investors;
 */
export function communicationsOf(plan: LaunchPlan) {
  return plan.communications ? communicationsSchema.parse(plan.communications) : undefined;
}

function audienceMembers(plan: LaunchPlan, id: string): Recipient[] {
  const audience = plan.audiences.find((a) => a.id === id);
  if (!audience) throw new UserError('unknown_audience', `communications: no audience '${id}'`);
  if (audience.kind !== 'inline') {
    throw new UserError(
      'unsupported_audience',
      `communications: audience '${id}' is a list kept at connector '${audience.connector}'; incident e-mails need an inline audience`,
    );
  }
  return audience.members.map((email) => ({ id: email, name: email, email }));
}

function personAddress(plan: LaunchPlan, id: string): Recipient {
  const person = plan.people.find((p) => p.id === id);
  if (!person?.contact.email) {
    throw new UserError(
      'unknown_recipient',
      `communications: person '${id}' does not exist or has no e-mail address`,
    );
  }
  return { id: person.id, name: person.name, email: person.contact.email };
}
