/**
 * The automation ledger (SPEC: 40 h of manual work per launch → ≤ 8 h of oversight): each task
 * of a launch is recorded once, automatic or by a person, with the human minutes it took. A
 * human decision counts its wait (from the request) and its decision time.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { DbExecutor } from '../store/database.ts';
import { type AutomationTask, automationTasks } from './automation-tasks.ts';

interface AutomationTaskTable {
  id: Generated<string>;
  launch_id: string;
  task: string;
  subject: string;
  mode: 'automatic' | 'human';
  human_minutes: ColumnType<string, number, number>;
  actor: string;
  at: ColumnType<Date, Date | string, Date | string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

function automationDb(executor: DbExecutor) {
  return executor.withTables<{ automation_tasks: AutomationTaskTable }>();
}

/** One task done for a launch. */
export interface TaskRecord {
  launchId: string;
  task: AutomationTask;
  /** What it was done to, so that a task repeated for many subjects counts each once. */
  subject: string;
  mode: 'automatic' | 'human';
  /** Human time spent; 0 for automatic tasks. */
  humanMinutes?: number;
  actor: string;
  detail?: Record<string, unknown>;
}

/**
 * Records a task in the caller's transaction; the same task for the same subject is kept once
 * (the first record wins), so retried jobs do not count twice.
 *
 * @example
 * await recordTask(trx, clock, { launchId, task: 'go_no_go', subject: launchId, mode: 'human',
 *   humanMinutes: 42, actor: 'token:ana' });
 */
export async function recordTask(
  executor: DbExecutor,
  clock: Clock,
  record: TaskRecord,
): Promise<void> {
  await automationDb(executor)
    .insertInto('automation_tasks')
    .values({
      launch_id: record.launchId,
      task: record.task,
      subject: record.subject,
      mode: record.mode,
      human_minutes: Math.max(0, Math.round((record.humanMinutes ?? 0) * 100) / 100),
      actor: record.actor,
      at: clock.now(),
      detail: JSON.stringify(record.detail ?? {}),
    })
    .onConflict((oc) => oc.columns(['launch_id', 'task', 'subject']).doNothing())
    .execute();
}

/** Automation of one task kind in a launch. */
export interface TaskAutomation {
  task: AutomationTask;
  label: string;
  done: number;
  automatic: number;
  humanMinutes: number;
  /** What the task takes by hand (SPEC's 40 h baseline), in minutes, for the times it was done. */
  manualBaselineMinutes: number;
  /** Share of the task's manual baseline that no person had to spend, 0–100. */
  automationPercent: number;
}

/** A launch's automation report. */
export interface AutomationReport {
  launchId: string;
  tasks: TaskAutomation[];
  humanMinutes: number;
  manualBaselineMinutes: number;
  automationPercent: number;
}

/**
 * The automation report of a launch: per task kind and overall, the share of the manual
 * baseline that ran without a person (`1 − human minutes ÷ baseline minutes`, floored at 0).
 *
 * @example
 * const { automationPercent } = await automationReport(db, launchId);
 */
export async function automationReport(
  executor: DbExecutor,
  launchId: string,
): Promise<AutomationReport> {
  const rows = await automationDb(executor)
    .selectFrom('automation_tasks')
    .select(['task', 'mode', 'human_minutes'])
    .where('launch_id', '=', launchId)
    .execute();
  const byTask = new Map<AutomationTask, TaskAutomation>();
  for (const row of rows) {
    const task = row.task as AutomationTask;
    const definition = automationTasks[task];
    if (!definition) continue;
    const entry = byTask.get(task) ?? {
      task,
      label: definition.label,
      done: 0,
      automatic: 0,
      humanMinutes: 0,
      manualBaselineMinutes: 0,
      automationPercent: 0,
    };
    entry.done += 1;
    if (row.mode === 'automatic') entry.automatic += 1;
    entry.humanMinutes += Number(row.human_minutes);
    entry.manualBaselineMinutes += definition.manualMinutes;
    byTask.set(task, entry);
  }
  const tasks = [...byTask.values()]
    .map((entry) => ({
      ...entry,
      humanMinutes: round(entry.humanMinutes),
      automationPercent: percentSaved(entry.humanMinutes, entry.manualBaselineMinutes),
    }))
    .sort((a, b) => a.task.localeCompare(b.task));
  const humanMinutes = round(tasks.reduce((sum, t) => sum + t.humanMinutes, 0));
  const manualBaselineMinutes = tasks.reduce((sum, t) => sum + t.manualBaselineMinutes, 0);
  return {
    launchId,
    tasks,
    humanMinutes,
    manualBaselineMinutes,
    automationPercent: percentSaved(humanMinutes, manualBaselineMinutes),
  };
}

function percentSaved(humanMinutes: number, baselineMinutes: number): number {
  if (baselineMinutes <= 0) return 0;
  return round(Math.max(0, 100 * (1 - humanMinutes / baselineMinutes)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
