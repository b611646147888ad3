import type { Principal } from '../auth/roles.ts';
import type { Clock } from '../clock/clock.ts';
import type { LiveEventHub } from '../live/live-event-hub.ts';
import type { Db } from '../store/database.ts';
import type { ErrorLogger } from './errors.ts';

/**
 * What the API needs from the process that serves it.
 *
 * @example
 * const api = createApi({ db, clock: systemClock, isReady: () => store.isReady(), version: '0.1.0' });
 */
export interface ApiContext {
  db: Db;
  clock: Clock;
  /** Database reachable and migrations applied (`GET /readyz`). */
  isReady(): Promise<boolean>;
  version: string;
  /** The process's live-event listener for `GET /v1/events` (without it: 503). */
  liveEvents?: LiveEventHub;
  /** The built dashboard (`web/dist`); default: the package's own. */
  webDist?: string;
  /** Where unexpected errors are logged; default: a pino logger on stdout. */
  logger?: ErrorLogger;
}

/** Hono variables of an API request: the context, and the caller once authenticated. */
export interface ApiEnv {
  Variables: {
    api: ApiContext;
    principal: Principal;
  };
}
