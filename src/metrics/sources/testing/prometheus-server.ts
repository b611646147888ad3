/**
 * A real Prometheus (`/usr/bin/prometheus`) for tests, scraping a tiny exporter the test serves
 * in the Prometheus text format every second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running Prometheus and the exporter it scrapes. */
export interface TestPrometheus {
  url: string;
  /** The exporter's text; change it to change what the next scrape sees. */
  exposition: { text: string };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the exporter and Prometheus (job `venture`, scrape interval 1s) and waits until
 * `up{job="venture"}` is 1.
 *
 * @example
 * const prometheus = await startTestPrometheus('launch_up 1\n');
 */
export async function startTestPrometheus(text: string): Promise<TestPrometheus> {
  const exposition = { text };
  const exporter: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(exposition.text);
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const exporterPort = (exporter.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'launchcrew-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: venture',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporterPort}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    exporter.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilScraped(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, exposition, stop };
}

async function waitUntilScraped(url: string): Promise<void> {
  const query = `${url}/api/v1/query?query=${encodeURIComponent('up{job="venture"}')}`;
  for (let tries = 0; tries < 120; tries += 1) {
    try {
      const answer = (await (await fetch(query)).json()) as {
        data?: { result?: Array<{ value: [number, string] }> };
      };
      if (answer.data?.result?.[0]?.value[1] === '1') return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('prometheus did not scrape the test exporter within 30s');
}
