/**
 * Real servers on 127.0.0.1 for probe tests and the monitor benchmark: HTTP with a handler,
 * HTTPS with a self-signed certificate (made by the `openssl` CLI), a TCP server that resets
 * every connection, and a port nobody listens on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A listening server and how to reach and stop it. */
export interface RunningTarget {
  port: number;
  /** `http(s)://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

async function listen(server: net.Server, scheme: string): Promise<RunningTarget> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An HTTP server running `handler`.
 *
 * @example
 * const target = await startHttpTarget((req, res) => res.end('ok'));
 * await target.close();
 */
export function startHttpTarget(handler: http.RequestListener): Promise<RunningTarget> {
  return listen(http.createServer({ keepAliveTimeout: 1000 }, handler), 'http');
}

/** An HTTPS server with a fresh self-signed certificate for CN=localhost. */
export function startSelfSignedHttpsTarget(handler: http.RequestListener): Promise<RunningTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'launchcrew-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return listen(
      https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler),
      'https',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP server that answers every connection, once data arrives, with a TCP reset. */
export function startResettingTarget(): Promise<RunningTarget> {
  return listen(
    net.createServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    }),
    'http',
  );
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const target = await listen(net.createServer(), 'tcp');
  await target.close();
  return target.port;
}
