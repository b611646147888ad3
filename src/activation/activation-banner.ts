/**
 * The in-app banner as an activation channel: an `in_app_banner` activation without a connector
 * shows its text on the venture's banner (`GET /v1/banner/{ventureId}`, src/comms/banner.ts) at
 * level `info` — unless an incident is being shown there, which always comes first.
 */
import type { Clock } from '../clock/clock.ts';
import { commsDb } from '../comms/comms-tables.ts';
import type { DbExecutor } from '../store/database.ts';

/**
 * Shows `message` on the banner of `ventureId`; returns what the delivery ledger records.
 *
 * @example
 * await showActivationBanner(db, clock, 'acme-notes', 'Acme Notes is live: https://notes.example.com');
 */
export async function showActivationBanner(
  executor: DbExecutor,
  clock: Clock,
  ventureId: string,
  message: string,
): Promise<Record<string, unknown>> {
  const row = {
    active: true,
    level: 'info' as const,
    message,
    incident_id: null,
    severity: null,
    status: null,
    updated_at: clock.now(),
  };
  const shown = await commsDb(executor)
    .insertInto('comms_banners')
    .values({ venture_id: ventureId, ...row })
    .onConflict((oc) =>
      oc
        .column('venture_id')
        .doUpdateSet(row)
        .where((eb) =>
          eb.or([
            eb('comms_banners.active', '=', false),
            eb('comms_banners.incident_id', 'is', null),
          ]),
        ),
    )
    .returning('venture_id')
    .executeTakeFirst();
  return shown
    ? { banner: 'shown', level: 'info' }
    : { banner: 'kept', note: 'an incident is shown on the banner' };
}
