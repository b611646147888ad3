/** The executive summary of one launch (SPEC Dashboard 1). */
import { sql } from 'kysely';
import { automationReport } from '../automation/automation-ledger.ts';
import { newUsersByChannel, readReturningUsers48h } from '../metrics/derived/user-metrics.ts';
import type { DbExecutor } from '../store/database.ts';
import { launchRules } from '../triggers/evaluate-launch.ts';
import { thresholdOf } from '../triggers/trigger-rule.ts';
import { withTriggerTables } from '../triggers/trigger-tables.ts';
import { launchUptime } from './launch-uptime.ts';
import {
  incidentsBySeverity,
  type PortfolioLaunch,
  readPortfolioLaunch,
  type SeverityCounts,
} from './portfolio.ts';

const hour = 3_600_000;
/** SPEC's uptime target of the executive summary. */
export const uptimeTargetPercent = 99.5;

/** A trigger rule of the launch with its current state. */
export interface TriggerStatus {
  ruleId: string;
  triggerId: string;
  summary: string;
  state: 'inactive' | 'pending' | 'firing';
  firedAt: string | null;
  lastEvalAt: string | null;
  conditions: { metric: string; operator: string; threshold: number; unit: string }[];
}

/** The executive summary. */
export interface LaunchSummary {
  launch: PortfolioLaunch;
  uptime: { value: number | null; target: number; points: { t: string; value: number | null }[] };
  acquisition: {
    newUsers: number | null;
    target: number | null;
    byChannel: Record<string, number>;
  };
  engagement: { returningUsers48hPercent: number | null; reason: string | null };
  incidents: SeverityCounts & { open: number };
  marketing: { cpaByChannel: { channel: string; value: number; at: string }[] };
  automation: { automationPercent: number; humanMinutes: number; manualBaselineMinutes: number };
  triggers: TriggerStatus[];
}

/**
 * The executive summary of a launch at `now`, or null when there is no such launch.
 *
 * @example
 * const summary = await readLaunchSummary(db, clock.now(), launchId);
 */
export async function readLaunchSummary(
  db: DbExecutor,
  now: Date,
  launchId: string,
): Promise<LaunchSummary | null> {
  const launch = await readPortfolioLaunch(db, now, launchId);
  if (!launch) return null;
  const t0 = new Date(launch.t0);
  const [points, byChannel, returning, incidents, open, cpa, automation, triggers] =
    await Promise.all([
      hourlyUptime(db, launchId, now),
      now >= t0 ? newUsersByChannel(db, launchId, { from: t0, to: now }) : {},
      readReturningUsers48h(db, { launchId, at: now }),
      incidentsBySeverity(db, launchId, { openOnly: false }),
      incidentsBySeverity(db, launchId, { openOnly: true }),
      latestCpaByChannel(db, launchId),
      automationReport(db, launchId),
      triggerStatuses(db, launchId, now),
    ]);
  return {
    launch,
    uptime: { value: launch.health.uptimePercent, target: uptimeTargetPercent, points },
    acquisition: {
      newUsers: launch.health.newUsers,
      target: launch.health.newUsersTarget,
      byChannel,
    },
    engagement: {
      returningUsers48hPercent: returning.value,
      reason: returning.value === null ? (returning.reason ?? null) : null,
    },
    incidents: { ...incidents, open: Object.values(open).reduce((sum, n) => sum + n, 0) },
    marketing: { cpaByChannel: cpa },
    automation: {
      automationPercent: automation.automationPercent,
      humanMinutes: automation.humanMinutes,
      manualBaselineMinutes: automation.manualBaselineMinutes,
    },
    triggers,
  };
}

/** Uptime of each of the 24 hours before `now`, oldest first (the sparkline). */
async function hourlyUptime(db: DbExecutor, launchId: string, now: Date) {
  const end = Math.floor(now.getTime() / hour) * hour;
  return Promise.all(
    Array.from({ length: 24 }, async (_, i) => {
      const from = new Date(end - (23 - i) * hour);
      const to = new Date(from.getTime() + hour);
      const value = await launchUptime(db, { launchId, from, to });
      return { t: from.toISOString(), value };
    }),
  );
}

/** The latest pushed `cost_per_acquisition` of each `channel` label. */
async function latestCpaByChannel(db: DbExecutor, launchId: string) {
  const { rows } = await sql<{ channel: string; value: number; at: Date }>`
    SELECT DISTINCT ON (labels->>'channel') labels->>'channel' AS channel,
           last_value AS value, last_ts AS at
    FROM metric_rollup_1m
    WHERE launch_id = ${launchId}::uuid AND name = 'cost_per_acquisition' AND labels ? 'channel'
    ORDER BY labels->>'channel', last_ts DESC
  `.execute(db);
  return rows.map((row) => ({ channel: row.channel, value: row.value, at: row.at.toISOString() }));
}

/**
 * The rules of a launch (plan and overrides as now) with their stored state.
 *
 * @example
 * const rules = await triggerStatuses(db, launchId, clock.now());
 */
export async function triggerStatuses(
  db: DbExecutor,
  launchId: string,
  now: Date,
): Promise<TriggerStatus[]> {
  const launch = await db
    .selectFrom('launches')
    .select(['id', 't0', 'plan'])
    .where('id', '=', launchId)
    .executeTakeFirstOrThrow();
  const overrides = await db
    .selectFrom('parameter_overrides')
    .select(['name', 'value'])
    .where('launch_id', '=', launchId)
    .execute();
  const rules = launchRules(
    { id: launch.id, t0: new Date(launch.t0), plan: launch.plan },
    Object.fromEntries(overrides.map((o) => [o.name, o.value])),
  );
  const states = await withTriggerTables(db)
    .selectFrom('trigger_rule_states')
    .select(['rule_id', 'state', 'fired_at', 'last_eval_at'])
    .where('launch_id', '=', launchId)
    .execute();
  const byRule = new Map(states.map((state) => [state.rule_id, state]));
  return rules.map((rule) => {
    const state = byRule.get(rule.id);
    return {
      ruleId: rule.id,
      triggerId: rule.triggerId,
      summary: rule.summary,
      state: state?.state ?? 'inactive',
      firedAt: state?.fired_at ? new Date(state.fired_at).toISOString() : null,
      lastEvalAt: state?.last_eval_at ? new Date(state.last_eval_at).toISOString() : null,
      conditions: rule.conditions.map((condition) => ({
        metric: condition.metric,
        operator: condition.operator,
        threshold: thresholdOf(condition, now.getTime()),
        unit: condition.unit,
      })),
    };
  });
}
