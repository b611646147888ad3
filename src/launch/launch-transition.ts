/**
 * Moving a launch from one state to the next (SPEC §1): the new state, its end when terminal,
 * and an audit entry naming both states, in the caller's transaction.
 */
import type { Updateable } from 'kysely';
import { recordAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import type { LaunchRow, LaunchState, LaunchTable } from '../store/schema.ts';
import { terminalStates } from './launch-view.ts';

/** What a transition records. */
export interface LaunchTransition {
  to: LaunchState;
  actor: string;
  /** Audit action, e.g. `launch.live`. */
  action: string;
  /** Why it ended (terminal states). */
  endReason?: string;
  /** Other columns changed with the state. */
  set?: Updateable<LaunchTable>;
  detail?: Record<string, unknown>;
}

/**
 * Moves `launch` (locked by the caller) to `transition.to` and audits it.
 *
 * @example
 * await moveLaunch(trx, clock, launch, { to: 'monitoring', actor: 'system', action: 'launch.live' });
 */
export async function moveLaunch(
  trx: DbExecutor,
  clock: Clock,
  launch: Pick<LaunchRow, 'id' | 'state'>,
  transition: LaunchTransition,
): Promise<void> {
  const now = clock.now();
  const ends = terminalStates.has(transition.to);
  await trx
    .updateTable('launches')
    .set({
      ...transition.set,
      state: transition.to,
      updated_at: now,
      ...(ends ? { ended_at: now, end_reason: transition.endReason ?? transition.action } : {}),
    })
    .where('id', '=', launch.id)
    .execute();
  await recordAudit(trx, clock, {
    actor: transition.actor,
    action: transition.action,
    subjectType: 'launch',
    subjectId: launch.id,
    launchId: launch.id,
    detail: {
      from: launch.state,
      to: transition.to,
      ...(transition.endReason ? { reason: transition.endReason } : {}),
      ...transition.detail,
    },
  });
}

/**
 * Throws a 409 naming the states allowed when `launch` is in none of `allowed`.
 *
 * @example
 * requireState(launch, ['preparing', 'awaiting_go_no_go'], 'decide go');
 */
export function requireState(
  launch: Pick<LaunchRow, 'id' | 'state'>,
  allowed: readonly LaunchState[],
  what: string,
): void {
  if (allowed.includes(launch.state)) return;
  throw new UserError(
    'conflict',
    `cannot ${what}: launch ${launch.id} is ${launch.state} (allowed: ${allowed.join(', ')})`,
    { status: 409 },
  );
}
