import type { LaunchRow } from '../store/schema.ts';

/** A launch as the API and CLI show it. */
export interface LaunchView {
  id: string;
  ventureId: string;
  ventureName: string;
  state: string;
  preset: string;
  t0: string;
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  endReason: string | null;
  planSha256: string;
  goDecidedAt: string | null;
  goDecidedBy: string | null;
  liveAt: string | null;
  successDeadline: string | null;
}

/** Maps a launch row (with its venture's name) to its view. */
export function toLaunchView(row: LaunchRow & { venture_name: string }): LaunchView {
  return {
    id: row.id,
    ventureId: row.venture_id,
    ventureName: row.venture_name,
    state: row.state,
    preset: row.preset,
    t0: new Date(row.t0).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    endedAt: isoOrNull(row.ended_at),
    endReason: row.end_reason,
    planSha256: row.plan_sha256,
    goDecidedAt: isoOrNull(row.go_decided_at),
    goDecidedBy: row.go_decided_by,
    liveAt: isoOrNull(row.live_at),
    successDeadline: isoOrNull(row.success_deadline),
  };
}

function isoOrNull(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** States after which a launch never changes again. */
export const terminalStates: ReadonlySet<string> = new Set([
  'succeeded',
  'unsuccessful',
  'rolled_back',
  'aborted',
]);
