import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitBytes, probeHttp } from './http-probe.ts';
import type { HttpProbeTarget } from './monitor-spec.ts';
import { probeTcp } from './tcp-probe.ts';
import {
  closedPort,
  type RunningTarget,
  startHttpTarget,
  startResettingTarget,
  startSelfSignedHttpsTarget,
} from './testing/probe-targets.ts';

const tenMegabytes = 10 * 1024 * 1024;

/** What the big-body route saw: whether it wrote everything before the client went away. */
const bigBodyServed: { finished: boolean; closed: boolean }[] = [];

function serveBigBody(res: http.ServerResponse, prefix: string): void {
  const served = { finished: false, closed: false };
  bigBodyServed.push(served);
  res.on('finish', () => {
    served.finished = true;
  });
  res.on('close', () => {
    served.closed = true;
  });
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(tenMegabytes) });
  res.write(prefix);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = prefix.length;
  const pump = () => {
    while (sent < tenMegabytes) {
      const size = Math.min(chunk.length, tenMegabytes - sent);
      sent += size;
      if (!res.write(chunk.subarray(0, size))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

const routes: Record<string, http.RequestListener> = {
  '/ok': (_req, res) => res.end('<h1>Acme is live</h1>'),
  '/error': (_req, res) => {
    res.statusCode = 503;
    res.end('maintenance');
  },
  '/hang': () => {},
  '/big-with-keyword': (_req, res) => serveBigBody(res, 'Acme is live'),
  '/big-without-keyword': (_req, res) => serveBigBody(res, ''),
  '/echo': (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      res.end(
        JSON.stringify({
          method: req.method,
          check: req.headers['x-check'],
          auth: req.headers.authorization,
          body,
        }),
      );
    });
  },
};

function httpTarget(url: string, extra: Partial<HttpProbeTarget> = {}): HttpProbeTarget {
  return {
    type: 'http',
    url,
    method: 'GET',
    expectedStatus: 200,
    headers: {},
    headersEnv: {},
    ...extra,
  };
}

describe('HTTP and TCP probes against real servers', () => {
  let web: RunningTarget;
  let tls: RunningTarget;
  let resetting: RunningTarget;

  beforeAll(async () => {
    web = await startHttpTarget((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    tls = await startSelfSignedHttpsTarget((_req, res) => res.end('secure'));
    resetting = await startResettingTarget();
  });
  afterAll(async () => {
    await Promise.all([web.close(), tls.close(), resetting.close()]);
  });

  it('succeeds with the expected status and keyword, and records the latency', async () => {
    const outcome = await probeHttp(httpTarget(`${web.origin}/ok`, { keyword: 'is live' }), {
      timeoutMs: 5000,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.latencyMs).toBeGreaterThan(0);
  });

  it('fails with reason status (and the code) on an unexpected status', async () => {
    const outcome = await probeHttp(httpTarget(`${web.origin}/error`), { timeoutMs: 5000 });
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'status',
      message: 'HTTP 503, expected 200',
    });
    expect(outcome.latencyMs).toBeGreaterThan(0);
  });

  it('accepts a non-200 status when that is the expected one', async () => {
    const outcome = await probeHttp(httpTarget(`${web.origin}/error`, { expectedStatus: 503 }), {
      timeoutMs: 5000,
    });
    expect(outcome.ok).toBe(true);
  });

  it('fails with reason keyword when the body lacks the keyword', async () => {
    const outcome = await probeHttp(httpTarget(`${web.origin}/ok`, { keyword: 'Welcome back' }), {
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'keyword' });
  });

  it('fails with reason timeout when the server never answers', async () => {
    const outcome = await probeHttp(httpTarget(`${web.origin}/hang`), { timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout', latencyMs: null });
    expect(outcome.ok ? '' : outcome.message).toContain('300 ms');
  });

  it('fails with reason reset when the server resets the connection', async () => {
    const outcome = await probeHttp(httpTarget(`${resetting.origin}/`), { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, reason: 'reset' });
  });

  it('fails with reason refused when nothing listens on the port', async () => {
    const port = await closedPort();
    const outcome = await probeHttp(httpTarget(`http://127.0.0.1:${port}/`), { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, reason: 'refused' });
    expect(outcome.ok ? '' : outcome.message).toContain('ECONNREFUSED');
  });

  it('fails with reason dns when the host name does not resolve', async () => {
    const outcome = await probeHttp(httpTarget('http://no-such-host.launchcrew.invalid/'), {
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'dns', latencyMs: null });
  });

  it('fails with reason tls on a self-signed certificate', async () => {
    const outcome = await probeHttp(httpTarget(`${tls.origin}/`), { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, reason: 'tls' });
  });

  it('finds a keyword at the start of a 10 MB body and stops reading at 1 MiB', async () => {
    bigBodyServed.length = 0;
    const outcome = await probeHttp(
      httpTarget(`${web.origin}/big-with-keyword`, { keyword: 'Acme is live' }),
      { timeoutMs: 10_000 },
    );
    expect(outcome.ok).toBe(true);
    await expect.poll(() => bigBodyServed[0]?.closed).toBe(true);
    expect(bigBodyServed[0]?.finished).toBe(false);
  });

  it('fails with body_too_large when the keyword is not in the first MiB of a 10 MB body', async () => {
    bigBodyServed.length = 0;
    const outcome = await probeHttp(
      httpTarget(`${web.origin}/big-without-keyword`, { keyword: 'Acme is live' }),
      { timeoutMs: 10_000 },
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'body_too_large' });
    expect(outcome.ok ? '' : outcome.message).toContain(String(bodyLimitBytes));
    await expect.poll(() => bigBodyServed[0]?.closed).toBe(true);
    expect(bigBodyServed[0]?.finished).toBe(false);
  });

  it('succeeds on a 10 MB body without a keyword, reading only the first MiB', async () => {
    bigBodyServed.length = 0;
    const outcome = await probeHttp(httpTarget(`${web.origin}/big-without-keyword`), {
      timeoutMs: 10_000,
    });
    expect(outcome.ok).toBe(true);
    await expect.poll(() => bigBodyServed[0]?.closed).toBe(true);
    expect(bigBodyServed[0]?.finished).toBe(false);
  });

  it('sends POST with its body, plain headers and secret headers from the environment', async () => {
    const target = httpTarget(`${web.origin}/echo`, {
      method: 'POST',
      body: '{"ping":1}',
      headers: { 'X-Check': 'launchcrew' },
      headersEnv: { Authorization: 'ACME_STATUS_TOKEN' },
      keyword: '"auth":"Bearer s3cret","body":"{\\"ping\\":1}"',
    });
    const outcome = await probeHttp(target, {
      timeoutMs: 5000,
      env: { ACME_STATUS_TOKEN: 'Bearer s3cret' },
    });
    expect(outcome.ok).toBe(true);
    const withoutSecret = await probeHttp(target, { timeoutMs: 5000, env: {} });
    expect(withoutSecret).toMatchObject({
      ok: false,
      reason: 'other',
      message: 'environment variable ACME_STATUS_TOKEN (header Authorization) is not set',
    });
  });

  it('TCP: up when the port accepts a connection, refused when nothing listens', async () => {
    const up = await probeTcp(
      { type: 'tcp', host: '127.0.0.1', port: web.port },
      { timeoutMs: 5000 },
    );
    expect(up.ok).toBe(true);
    expect(up.latencyMs).toBeGreaterThan(0);
    const port = await closedPort();
    const down = await probeTcp({ type: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 5000 });
    expect(down).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('TCP: dns when the host does not resolve', async () => {
    const outcome = await probeTcp(
      { type: 'tcp', host: 'db.launchcrew.invalid', port: 5432 },
      { timeoutMs: 5000 },
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'dns' });
  });
});
