import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createApi } from '../api/app.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config.ts';
import { setIncidentDependencies } from '../incidents/incident-dependencies.ts';
import { wiredIncidentDependencies } from '../incidents/wired-dependencies.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { setLaunchCollaborators } from '../launch/launch-collaborators.ts';
import { wiredLaunchCollaborators } from '../launch/wired-collaborators.ts';
import { LiveEventHub } from '../live/live-event-hub.ts';
import { isMigrated, migrateToLatest } from '../store/migrate.ts';
import { openStore, type Store } from '../store/store.ts';
import { jobKinds } from './job-kinds.ts';
import { startWorker } from './worker.ts';

/** Which parts run in this process: both by default, or one of them for scale-out. */
export type ProcessRole = 'all' | 'api' | 'worker';

/** A running LaunchCrew process. */
export interface Runtime {
  store: Store;
  queue: JobQueue;
  /** The HTTP address when the API runs here. */
  address: { host: string; port: number } | null;
  stop(): Promise<void>;
}

/**
 * Opens the store (embedded unless DATABASE_URL is set), applies migrations, and starts the API
 * and/or the worker (job handlers plus the controller that releases due work on `clock`).
 *
 * @example
 * const runtime = await startRuntime({ config, role: 'all', clock: systemClock, log });
 * process.once('SIGTERM', () => runtime.stop());
 */
export async function startRuntime(options: {
  config: Config;
  role: ProcessRole;
  clock: Clock;
  log: Logger;
  version: string;
}): Promise<Runtime> {
  const { config, role, clock, log } = options;
  const store = await openStore({ databaseUrl: config.databaseUrl, home: config.home });
  const stops: Array<() => Promise<void>> = [() => store.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    log.info({ store: store.description }, 'store open');
    const { applied } = await migrateToLatest(store.db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
    const queue = await JobQueue.open({
      url: store.url,
      db: store.db,
      clock,
      kinds: jobKinds,
      supervise: role !== 'api',
    });
    stops.push(() => queue.stop());
    // Approvals (API) and incident jobs (worker) start rollbacks and publish incident updates.
    setIncidentDependencies(wiredIncidentDependencies({ clock, queue, env: process.env }));
    stops.push(async () => setIncidentDependencies(null));
    // Go/no-go, postponement and outcome decisions (API) and the launch controller (worker).
    setLaunchCollaborators(wiredLaunchCollaborators(process.env));
    stops.push(async () => setLaunchCollaborators(null));
    if (role !== 'api') {
      stops.push(await startWorker({ db: store.db, clock, queue, log }));
      log.info({ jobs: queue.kindNames }, 'worker started');
    }
    let address: Runtime['address'] = null;
    if (role !== 'worker') {
      const liveEvents = new LiveEventHub({ db: store.db, url: store.url });
      const app = createApi({
        db: store.db,
        clock,
        version: options.version,
        logger: log,
        isReady: () => isMigrated(store.db),
        liveEvents,
      });
      const listening = await new Promise<{ host: string; port: number }>((resolve, reject) => {
        const server = serve(
          { fetch: app.fetch, hostname: config.host, port: config.port },
          (info) => resolve({ host: config.host, port: info.port }),
        );
        server.once('error', reject);
        stops.push(() => new Promise<void>((done) => server.close(() => done())));
      });
      address = listening;
      // Runs before the server closes (stops run in reverse): ends the open event streams.
      stops.push(() => liveEvents.close());
      log.info({ url: `http://${listening.host}:${listening.port}` }, 'API listening');
    }
    return { store, queue, address, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
