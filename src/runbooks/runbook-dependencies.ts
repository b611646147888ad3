/**
 * What the `runbook.step` job reads metrics from, takes secrets from and may execute. The worker
 * sets them once at start-up; the job kind stays a plain constant listed in src/app/job-kinds.ts.
 */
import { isAbsolute } from 'node:path';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import type { JobKind } from '../jobs/job-kind.ts';
import type { MetricReader } from '../metrics/metric-reader.ts';
import { UserError } from '../shared/errors.ts';
import type { RunbookFinished } from './runbook-finished.ts';

/** Dependencies of runbook steps. */
export interface RunbookDependencies {
  /** Read by `verify` steps. */
  metrics: MetricReader;
  /** Connector and header secrets (`process.env` in production). */
  env: SecretEnv;
  /** Executables `command` and `db_migration` steps may run (exact paths). */
  allowedExecutables: readonly string[];
  /** Enqueued when a run ends, in the transaction that ends it (see runbook-finished.ts). */
  finishedJob?: JobKind<RunbookFinished>;
}

let current: RunbookDependencies | null = null;

/**
 * Sets (or, with null, clears) the dependencies of runbook steps in this process.
 *
 * @example
 * setRunbookDependencies({ metrics: reader, env: process.env, allowedExecutables: ['/usr/bin/node'] });
 */
export function setRunbookDependencies(dependencies: RunbookDependencies | null): void {
  current = dependencies;
}

/** The dependencies set by the worker; a bug when they were never set. */
export function runbookDependencies(): RunbookDependencies {
  if (!current) throw new Error('runbook dependencies are not set (setRunbookDependencies)');
  return current;
}

/**
 * The executables `command` and `db_migration` steps may run, from
 * `LAUNCHCREW_RUNBOOK_EXECUTABLES` (absolute paths separated by commas; none when unset).
 *
 * @example
 * runbookExecutablesFromEnv({ LAUNCHCREW_RUNBOOK_EXECUTABLES: '/usr/bin/node,/opt/app/bin/migrate' });
 * // ['/usr/bin/node', '/opt/app/bin/migrate']
 */
export function runbookExecutablesFromEnv(env: SecretEnv): string[] {
  const paths = (env.LAUNCHCREW_RUNBOOK_EXECUTABLES ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
  const relative = paths.find((path) => !isAbsolute(path));
  if (relative) {
    throw new UserError(
      'invalid_config',
      `LAUNCHCREW_RUNBOOK_EXECUTABLES: '${relative}' is not an absolute path`,
      { path: ['LAUNCHCREW_RUNBOOK_EXECUTABLES'] },
    );
  }
  return paths;
}
