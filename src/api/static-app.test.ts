import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appContentSecurityPolicy, pageContentSecurityPolicy } from './static-app.ts';
import { startTestApi, type TestApi } from './test-harness.ts';

describe('the dashboard app and security headers', () => {
  let dist: string;
  let built: TestApi;
  let unbuilt: TestApi;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'launchcrew-web-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>dash</title><div id=root>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    built = await startTestApi({ webDist: dist });
    unbuilt = await startTestApi({ webDist: join(dist, 'missing') });
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, uncached, with the strict policy', async () => {
    for (const path of ['/', '/app', '/app/launches/42/timeline']) {
      const { status, headers, text } = await built.call('GET', path);
      expect(status).toBe(200);
      expect(text).toContain('<div id=root>');
      expect(headers.get('cache-control')).toBe('no-cache');
      expect(headers.get('content-security-policy')).toBe(appContentSecurityPolicy);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(appContentSecurityPolicy).toContain("script-src 'self'");
    expect(appContentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets with a long cache and never files outside the build', async () => {
    const asset = await built.call('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await built.call('GET', '/assets/nope.js')).status).toBe(404);
    expect((await built.call('GET', '/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('answers 503 with what to run when the dashboard is not built', async () => {
    const { status, text } = await unbuilt.call('GET', '/');
    expect(status).toBe(503);
    expect(text).toContain('the dashboard is not built: run npm run build:web');
  });

  it('gives server-rendered pages their own policy that allows their inline styles', async () => {
    const docs = await built.call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('<style>');
    expect(docs.headers.get('content-security-policy')).toBe(pageContentSecurityPolicy);
    expect(pageContentSecurityPolicy).toContain("style-src 'unsafe-inline'");
    expect(pageContentSecurityPolicy).not.toContain('script-src');
    const api = await built.call('GET', '/v1/portfolio');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toBeNull();
  });
});
