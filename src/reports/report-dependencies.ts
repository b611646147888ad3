/**
 * What the `report.send` job reads from and sends through. The worker sets them once at
 * start-up (`setReportDependencies`); the job kind itself stays a plain constant so that it can
 * be listed in `src/app/job-kinds.ts` and scheduled from `createLaunch`.
 */
import type { MetricReader } from '../metrics/metric-reader.ts';
import type { LaunchPlan } from '../plan/schema.ts';

/** The launch a report is about, as a sender needs it to find where to send. */
export interface ReportLaunch {
  id: string;
  ventureId: string;
  ventureName: string;
  plan: LaunchPlan;
}

/** A rendered e-mail report. */
export interface ReportEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Sends a rendered report (Slack and SMTP in production). Each method returns the vendor's
 * answer for the delivery ledger; throw `OperationalError` for a fault worth retrying.
 */
export interface ReportSender {
  chat(launch: ReportLaunch, text: string): Promise<Record<string, unknown>>;
  email(launch: ReportLaunch, email: ReportEmail): Promise<Record<string, unknown>>;
}

/** The state of one trigger (LAUNCH-001…004 or a custom rule) at report time. */
export interface TriggerSummary {
  triggerId: string;
  state: 'inactive' | 'pending' | 'firing';
  /** ISO time the current state began, when known. */
  since: string | null;
  /** Human detail, e.g. "uptime 87.2 % < 90 % for 5m0s". */
  detail: string | null;
}

/** The trigger states of a launch at a time (provided by the trigger engine). */
export type TriggerSummaryProvider = (launchId: string, at: Date) => Promise<TriggerSummary[]>;

/** Everything the `report.send` job depends on. */
export interface ReportDependencies {
  metrics: MetricReader;
  sender: ReportSender;
  triggerStates: TriggerSummaryProvider;
}

let configured: ReportDependencies | null = null;

/**
 * Sets (or, with null, clears) what report jobs in this process read and send through.
 *
 * @example
 * setReportDependencies({ metrics: reader, sender, triggerStates: triggerStatesFromEvaluations(db) });
 */
export function setReportDependencies(dependencies: ReportDependencies | null): void {
  configured = dependencies;
}

/**
 * The dependencies set at start-up; throws a clear error when the worker forgot to set them.
 *
 * @example
 * const { metrics, sender } = reportDependencies();
 */
export function reportDependencies(): ReportDependencies {
  if (!configured) {
    throw new Error('report dependencies are not set: call setReportDependencies() at start-up');
  }
  return configured;
}
