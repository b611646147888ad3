/**
 * What every alert channel renders: the trigger event plus who and what it is about, taken from
 * the launch's plan (venture, the owners of the trigger and the people it names in `notify`).
 */
import type { LaunchPlan } from '../plan/schema.ts';
import type { AlertLevel, TriggerEvent } from '../triggers/trigger-event.ts';

type Person = LaunchPlan['people'][number];
type Role = Person['roles'][number];

/** Someone an alert is for, with how to reach them. */
export interface AlertRecipient {
  id: string;
  name: string;
  email?: string | undefined;
  slack?: string | undefined;
}

/** An alert ready to render. */
export interface AlertNotice {
  event: TriggerEvent;
  launch: { id: string; ventureId: string; ventureName: string; productionUrl?: string };
  /** One line, e.g. `FIRING LAUNCH-001 Launch issues (critical) — Acme`. */
  title: string;
  /** The trigger's reason, e.g. `uptime 87.2 % < 90 % for 5m0s`. */
  summary: string;
  recipients: AlertRecipient[];
  /** Stable for a firing and its resolve: `launchcrew:<launchId>:<ruleId>:<firedAt>`. */
  dedupKey: string;
  /** When the alert is sent (the injected clock). */
  sentAt: Date;
}

/** Names and owners (SPEC §2–§3) of the built-in triggers. */
const builtinTriggers: Record<string, { name: string; owners: readonly Role[] }> = {
  'LAUNCH-001': { name: 'Launch issues', owners: ['devops_oncall', 'launch_coordinator'] },
  'LAUNCH-002': { name: 'Acquisition below target', owners: ['marketing', 'marketing_lead'] },
  'LAUNCH-003': { name: 'Support overwhelmed', owners: ['support', 'support_lead'] },
  'LAUNCH-004': { name: 'Launch success', owners: ['lead', 'launch_coordinator'] },
};

/** Custom rules reach the on-call engineer and the lead. */
const customRuleOwners: readonly Role[] = ['devops_oncall', 'lead'];

const levelMarks: Record<AlertLevel, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/** The plan sections an alert needs. */
export type AlertPlan = Pick<LaunchPlan, 'venture' | 'people' | 'connectors' | 'triggers'>;

/**
 * Builds the notice of `event` for a launch of `plan`.
 *
 * @example
 * const notice = alertNoticeFor(event, { id: launchId, plan }, clock.now());
 */
export function alertNoticeFor(
  event: TriggerEvent,
  launch: { id: string; plan: AlertPlan },
  sentAt: Date,
): AlertNotice {
  const { plan } = launch;
  const builtin = builtinTriggers[event.triggerId];
  const triggerName = builtin ? `${event.triggerId} ${builtin.name}` : event.triggerId;
  const state = event.state === 'firing' ? 'FIRING' : 'RESOLVED';
  const mark = event.state === 'firing' ? levelMarks[event.level] : '✅';
  return {
    event,
    launch: {
      id: launch.id,
      ventureId: plan.venture.id,
      ventureName: plan.venture.name,
      productionUrl: plan.venture.production_url,
    },
    title: `${mark} ${state} ${triggerName} (${event.severity ?? event.level}) — ${plan.venture.name}`,
    summary: event.reason,
    recipients: recipientsOf(event.triggerId, plan, builtin?.owners ?? customRuleOwners),
    dedupKey: `launchcrew:${launch.id}:${event.ruleId}:${event.firedAt}`.slice(0, 255),
    sentAt,
  };
}

function recipientsOf(
  triggerId: string,
  plan: AlertPlan,
  owners: readonly Role[],
): AlertRecipient[] {
  const notify = new Set(
    plan.triggers.builtin[triggerId as keyof AlertPlan['triggers']['builtin']]?.notify ??
      plan.triggers.rules.find((rule) => rule.id === triggerId)?.notify ??
      [],
  );
  return plan.people
    .filter((person) => notify.has(person.id) || person.roles.some((role) => owners.includes(role)))
    .map(alertRecipientOf);
}

/**
 * The plan's people with the `lead` role, as alert recipients.
 *
 * @example
 * leadRecipients(plan); // [{ id: 'ana', name: 'Ana', email: 'ana@example.com', slack: '@ana' }]
 */
export function leadRecipients(plan: Pick<LaunchPlan, 'people'>): AlertRecipient[] {
  return plan.people.filter((person) => person.roles.includes('lead')).map(alertRecipientOf);
}

function alertRecipientOf(person: Person): AlertRecipient {
  return {
    id: person.id,
    name: person.name,
    email: person.contact.email,
    slack: person.contact.slack,
  };
}
