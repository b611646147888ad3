/**
 * What incidents and approvals call outside their own folder: the rollback runbook, the
 * marketing pause, incident communications, and the secrets of the environment. Injected (the
 * pattern of `setReportDependencies`) so that tests and the worker choose the real or a fake one.
 */
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { UserError } from '../shared/errors.ts';
import type { DbExecutor } from '../store/database.ts';
import type { Severity } from './incident-tables.ts';

/** An approved action to start, inside the deciding transaction. */
export interface ApprovedAction {
  launchId: string;
  incidentId: string;
  approvalId: string;
  actor: string;
  reason: string;
}

/** Starts the rollback runbook (enqueues its first step in `trx`); returns what to record. */
export type ExecuteRollback = (
  trx: DbExecutor,
  action: ApprovedAction,
) => Promise<Record<string, unknown>>;

/** An incident status update for users, press and investors (status page, banner, e-mail…). */
export interface IncidentUpdate {
  launchId: string;
  incidentId: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  severity: Severity;
  message: string;
}

/** Everything incidents and approvals depend on. */
export interface IncidentDependencies {
  /** Secrets: connector keys, `LAUNCHCREW_SLACK_SIGNING_SECRET`, `LAUNCHCREW_APPROVAL_LINK_SECRET`. */
  env: SecretEnv;
  executeRollback: ExecuteRollback;
  pauseMarketing: ExecuteRollback;
  publishIncidentUpdate(executor: DbExecutor, update: IncidentUpdate): Promise<void>;
}

const unavailable =
  (what: string): ExecuteRollback =>
  async () => {
    throw new UserError('action_unavailable', `${what} is not available in this process`, {
      status: 503,
    });
  };

const defaults: IncidentDependencies = {
  env: process.env,
  executeRollback: unavailable('the rollback runbook executor'),
  pauseMarketing: async () => ({ paused: false, note: 'no marketing activation is running' }),
  publishIncidentUpdate: async () => {},
};

let configured: IncidentDependencies = defaults;

/**
 * Replaces some dependencies (null restores the defaults: `process.env`, no rollback executor,
 * no communications).
 *
 * @example
 * setIncidentDependencies({ executeRollback: (trx, a) => startRunbook(trx, deps, { ...a, runbookId: 'rollback' }) });
 */
export function setIncidentDependencies(dependencies: Partial<IncidentDependencies> | null): void {
  configured = dependencies ? { ...defaults, ...dependencies } : defaults;
}

/**
 * The dependencies in effect.
 *
 * @example
 * await incidentDependencies().executeRollback(trx, action);
 */
export function incidentDependencies(): IncidentDependencies {
  return configured;
}
