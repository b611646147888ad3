/**
 * The team readiness checklist (SPEC §1 31.1): the Launch coordinator, DevOps lead, Marketing
 * lead and Support lead each sign off once per launch, recorded with who and when, audited, and
 * counted as human work (`readiness_signoff`) in the automation ledger.
 */
import { recordAudit } from '../../audit/audit-log.ts';
import type { Role } from '../../auth/roles.ts';
import { recordTask } from '../../automation/automation-ledger.ts';
import type { Clock } from '../../clock/clock.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { UserError } from '../../shared/errors.ts';
import type { Db, DbExecutor } from '../../store/database.ts';
import { type SignOffRole, signOffRoles } from '../gates/gate-model.ts';
import { gateDb } from '../gates/gate-tables.ts';
import { findLaunchRow } from '../launch-service.ts';

/** Minutes of human time one sign-off takes (reading the report and signing). */
export const signOffMinutes = 5;

/** One role of the checklist and its sign-off, if any. */
export interface ChecklistItem {
  role: SignOffRole;
  /** People of the plan with this role. */
  people: { id: string; name: string }[];
  signed: boolean;
  signedBy: string | null;
  personId: string | null;
  signedAt: string | null;
  note: string | null;
}

/** The checklist of a launch. */
export interface ReadinessChecklist {
  launchId: string;
  items: ChecklistItem[];
  complete: boolean;
}

/** The sign-off roles each API role may sign: the LEAD any, the others their own lead role. */
const signableBy: Readonly<Record<Role, readonly SignOffRole[]>> = {
  lead: signOffRoles,
  devops_oncall: ['devops_lead'],
  marketing: ['marketing_lead'],
  support: ['support_lead'],
  viewer: [],
};

/**
 * True when a caller with API role `role` may sign off for `signOffRole`.
 *
 * @example
 * maySignOff('marketing', 'marketing_lead'); // true
 * maySignOff('marketing', 'launch_coordinator'); // false
 */
export function maySignOff(role: Role, signOffRole: SignOffRole): boolean {
  return signableBy[role].includes(signOffRole);
}

/**
 * `role` as a sign-off role, or a 422 naming the field.
 *
 * @example
 * parseSignOffRole('devops_lead'); // 'devops_lead'
 */
export function parseSignOffRole(role: string): SignOffRole {
  if ((signOffRoles as readonly string[]).includes(role)) return role as SignOffRole;
  throw new UserError(
    'invalid_request',
    `role must be one of ${signOffRoles.join(', ')} (got '${role}')`,
    {
      status: 422,
      path: ['role'],
    },
  );
}

/**
 * Records the sign-off of `role` for a launch; `personId` (optional) must be a person of the plan
 * with that role. A role already signed is a 409 naming who signed and when.
 *
 * @example
 * await signOff({ db, clock }, { launchId, role: 'devops_lead', actor: 'token:dev', personId: 'dev' });
 */
export async function signOff(
  deps: { db: Db; clock: Clock },
  input: { launchId: string; role: SignOffRole; actor: string; personId?: string; note?: string },
): Promise<ReadinessChecklist> {
  return deps.db.transaction().execute(async (trx) => {
    const launch = await findLaunchRow(trx, input.launchId, { lock: true });
    const plan = launch.plan as LaunchPlan;
    if (input.personId !== undefined) {
      const person = plan.people.find((p) => p.id === input.personId);
      if (!person?.roles.includes(input.role)) {
        throw new UserError(
          'invalid_request',
          `person '${input.personId}' is not a ${input.role} of the plan`,
          {
            status: 422,
            path: ['person_id'],
          },
        );
      }
    }
    const now = deps.clock.now();
    const inserted = await gateDb(trx)
      .insertInto('readiness_signoffs')
      .values({
        launch_id: input.launchId,
        role: input.role,
        person_id: input.personId ?? null,
        actor: input.actor,
        note: input.note ?? null,
        signed_at: now,
      })
      .onConflict((oc) => oc.columns(['launch_id', 'role']).doNothing())
      .returning('role')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await gateDb(trx)
        .selectFrom('readiness_signoffs')
        .select(['actor', 'signed_at'])
        .where('launch_id', '=', input.launchId)
        .where('role', '=', input.role)
        .executeTakeFirstOrThrow();
      throw new UserError(
        'conflict',
        `${input.role} already signed off by ${existing.actor} at ${existing.signed_at.toISOString()}`,
        {
          status: 409,
          path: ['role'],
        },
      );
    }
    await recordAudit(trx, deps.clock, {
      actor: input.actor,
      action: 'readiness.signoff',
      subjectType: 'launch',
      subjectId: input.launchId,
      launchId: input.launchId,
      detail: { role: input.role, personId: input.personId ?? null, note: input.note ?? null },
    });
    await recordTask(trx, deps.clock, {
      launchId: input.launchId,
      task: 'readiness_signoff',
      subject: input.role,
      mode: 'human',
      humanMinutes: signOffMinutes,
      actor: input.actor,
    });
    return checklistOf(trx, input.launchId);
  });
}

/**
 * The checklist of a launch: each of the four roles with the plan's people in it and its
 * sign-off; `not_found` (404) for an unknown launch.
 *
 * @example
 * const { complete, items } = await checklistOf(db, launchId);
 */
export async function checklistOf(db: DbExecutor, launchId: string): Promise<ReadinessChecklist> {
  const launch = await findLaunchRow(db, launchId);
  const plan = launch.plan as LaunchPlan;
  const rows = await gateDb(db)
    .selectFrom('readiness_signoffs')
    .selectAll()
    .where('launch_id', '=', launchId)
    .execute();
  const items = signOffRoles.map((role): ChecklistItem => {
    const row = rows.find((r) => r.role === role);
    return {
      role,
      people: plan.people
        .filter((p) => p.roles.includes(role))
        .map((p) => ({ id: p.id, name: p.name })),
      signed: row !== undefined,
      signedBy: row?.actor ?? null,
      personId: row?.person_id ?? null,
      signedAt: row?.signed_at.toISOString() ?? null,
      note: row?.note ?? null,
    };
  });
  return { launchId, items, complete: items.every((item) => item.signed) };
}
