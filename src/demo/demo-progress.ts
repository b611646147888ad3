/**
 * Live progress of the demo launch in the terminal: every new audit entry and every delivery
 * that went out, as one line stamped with the launch's relative time (T-24h, T0, T+2h13m).
 */
import type { Db } from '../store/database.ts';

const MIN = 60_000;

/** A progress line ready to print. */
export interface ProgressLine {
  at: Date;
  text: string;
}

/**
 * "T-24h", "T0", "T+2h13m", "T+6d4h": time relative to T0 at minute precision.
 *
 * @example
 * relativeToT0(new Date(t0.getTime() + 133 * 60_000), t0); // 'T+2h13m'
 */
export function relativeToT0(at: Date, t0: Date): string {
  const minutes = Math.round((at.getTime() - t0.getTime()) / MIN);
  if (minutes === 0) return 'T0';
  const sign = minutes > 0 ? '+' : '-';
  const total = Math.abs(minutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', rest && !days ? `${rest}m` : ''];
  return `T${sign}${parts.join('') || '0m'}`;
}

const quiet = new Set(['runbook.step.started', 'launch.milestone']);

/** One audit entry as a sentence; undefined for entries too small to show. */
function describeAudit(
  action: string,
  actor: string,
  detail: Record<string, unknown>,
): string | undefined {
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : '');
  if (quiet.has(action)) return undefined;
  switch (action) {
    case 'launch.create':
      return `launch created (T0 ${text('t0')})`;
    case 'gates.evaluate':
      return `entry gates evaluated: ${JSON.stringify(detail.gates ?? detail.statuses ?? detail)}`;
    case 'readiness.signoff':
      return `readiness sign-off: ${text('role')} by ${actor}`;
    case 'launch.go':
      return `GO decided by ${actor}${text('overrideReason') ? ` (override: ${text('overrideReason')})` : ''}`;
    case 'runbook.started':
      return `runbook ${text('runbook')} started: ${JSON.stringify(detail.steps)}`;
    case 'runbook.step.finished':
      return `  step ${text('step') || text('stepId')} ${text('state')} ${text('output') || text('error')}`.trimEnd();
    default:
      return `${action}${actor.startsWith('system') ? '' : ` by ${actor}`} ${compact(detail)}`.trimEnd();
  }
}

function compact(detail: Record<string, unknown>): string {
  const shown = Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .slice(0, 4)
    .map(([key, value]) => `${key}=${String(value).slice(0, 80)}`);
  return shown.join(' ');
}

/**
 * Reads what happened to the launch since the last call, oldest first.
 *
 * @example
 * const progress = launchProgress(db, launchId, t0);
 * for (const line of await progress.next()) console.log(line.text);
 */
export function launchProgress(db: Db, launchId: string, t0: Date) {
  let lastAuditId = '0';
  const shownDeliveries = new Set<string>();
  return {
    async next(): Promise<ProgressLine[]> {
      const audit = await db
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor', 'action', 'detail'])
        .where('launch_id', '=', launchId)
        .where('id', '>', lastAuditId)
        .orderBy('id')
        .execute();
      const lines: ProgressLine[] = [];
      for (const entry of audit) {
        lastAuditId = entry.id;
        const text = describeAudit(
          entry.action,
          entry.actor,
          (entry.detail ?? {}) as Record<string, unknown>,
        );
        if (text) lines.push({ at: new Date(entry.at), text });
      }
      const sent = await db
        .selectFrom('deliveries')
        .select(['key', 'channel', 'state', 'updated_at', 'error'])
        .where('launch_id', '=', launchId)
        .where('state', 'in', ['sent', 'failed', 'unknown'])
        .orderBy('updated_at')
        .execute();
      for (const delivery of sent) {
        if (shownDeliveries.has(delivery.key)) continue;
        shownDeliveries.add(delivery.key);
        // Hourly reports would drown the rest: only a report that failed is shown.
        if (delivery.key.startsWith('report:') && delivery.state === 'sent') continue;
        const outcome = delivery.state === 'sent' ? 'sent' : `${delivery.state}: ${delivery.error}`;
        lines.push({
          at: new Date(delivery.updated_at),
          text: `  → ${delivery.channel} ${outcome} (${delivery.key.replace(`${launchId}:`, '')})`,
        });
      }
      return lines
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((line) => ({
          at: line.at,
          text: `${relativeToT0(line.at, t0).padEnd(9)} ${line.text}`,
        }));
    },
  };
}
