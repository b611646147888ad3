import { rollbackOutcomeHandler } from '../incidents/rollback-outcome-handler.ts';
import { launchDeployOutcomeHandler } from '../launch/deploy.ts';
import type { RunbookFinishedHandler } from '../runbooks/runbook-finished.ts';

/** Everything that reacts to a finished runbook run, called in this order. */
export const runbookFinishedHandlers: RunbookFinishedHandler[] = [
  rollbackOutcomeHandler,
  launchDeployOutcomeHandler,
];
