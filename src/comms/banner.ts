/** The in-app banner of a venture, as the product fetches it (`GET /v1/banner/{ventureId}`). */
import type { DbExecutor } from '../store/database.ts';
import {
  type BannerLevel,
  commsDb,
  type IncidentSeverity,
  type IncidentStatus,
} from './comms-tables.ts';

/** The banner JSON. */
export interface BannerView {
  active: boolean;
  level: BannerLevel;
  message: string;
  updated_at: string | null;
  incident?: { id: string; status: IncidentStatus | null; severity: IncidentSeverity | null };
}

/**
 * The banner of `ventureId` (inactive when nothing was published); undefined for an unknown venture.
 *
 * @example
 * const banner = await loadBanner(db, 'acme-notes'); // { active: false, level: 'info', … }
 */
export async function loadBanner(
  executor: DbExecutor,
  ventureId: string,
): Promise<BannerView | undefined> {
  const db = commsDb(executor);
  const row = await db
    .selectFrom('ventures')
    .leftJoin('comms_banners', 'comms_banners.venture_id', 'ventures.id')
    .select([
      'comms_banners.active',
      'comms_banners.level',
      'comms_banners.message',
      'comms_banners.incident_id',
      'comms_banners.status',
      'comms_banners.severity',
      'comms_banners.updated_at',
    ])
    .where('ventures.id', '=', ventureId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.active || !row.level) {
    return {
      active: false,
      level: 'info',
      message: '',
      updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
    };
  }
  return {
    active: true,
    level: row.level,
    message: row.message ?? '',
    updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
    ...(row.incident_id
      ? { incident: { id: row.incident_id, status: row.status, severity: row.severity } }
      : {}),
  };
}
