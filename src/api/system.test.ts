import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDocument } from './docs-page.ts';
import { startTestApi, type TestApi } from './test-harness.ts';

/** Every operation of the API with the roles that may call it (empty: public). */
const expectedRoutes: Record<string, string[]> = {
  'GET /healthz': [],
  'GET /readyz': [],
  'GET /metrics': [],
  'GET /v1/schema/launch-plan.json': [],
  'GET /v1/me': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/launches': ['lead'],
  'GET /v1/launches': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/launches/{id}/cancel': ['lead'],
  'POST /v1/launches/{id}/go': ['lead'],
  'POST /v1/launches/{id}/postpone': ['lead'],
  'POST /v1/launches/{id}/outcome': ['lead'],
  'POST /v1/launches/{id}/deploy': ['lead', 'devops_oncall'],
  'GET /v1/launches/{id}/automation': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/parameters': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'PUT /v1/launches/{id}/parameters/{name}': ['lead'],
  'DELETE /v1/launches/{id}/parameters/{name}': ['lead'],
  'GET /v1/ventures': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/audit': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/ventures/{id}/ingest-keys': ['lead'],
  'GET /v1/ventures/{id}/ingest-keys': ['lead'],
  'DELETE /v1/ventures/{id}/ingest-keys/{keyId}': ['lead'],
  'PUT /v1/ventures/{id}/sendgrid-webhook-key': ['lead'],
  'GET /v1/launches/{id}/metrics/{name}': [
    'lead',
    'devops_oncall',
    'marketing',
    'support',
    'viewer',
  ],
  // ingest routes authenticate with a venture's ingest key (or a SendGrid signature), not a token
  'POST /v1/metrics': [],
  'POST /v1/batch': [],
  'POST /v1/track': [],
  'POST /v1/identify': [],
  'POST /v1/page': [],
  'POST /v1/webhooks/sendgrid/{ventureId}': [],
  'GET /v1/launches/{id}/incidents': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/incidents/{id}': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/incidents/{id}/acknowledge': ['lead', 'devops_oncall'],
  'POST /v1/incidents/{id}/state': ['lead', 'devops_oncall'],
  'POST /v1/incidents/{id}/reclassify': ['lead', 'devops_oncall'],
  'GET /v1/incidents/{id}/postmortem': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/incidents/{id}/postmortem': ['lead', 'devops_oncall'],
  'GET /v1/approvals': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/approvals/{id}': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/approvals/{id}/approve': ['lead', 'devops_oncall'],
  'POST /v1/approvals/{id}/reject': ['lead', 'devops_oncall'],
  // approval links and Slack buttons authenticate with a signed token or Slack's signature
  'GET /v1/approvals/{id}/decide': [],
  'POST /v1/approvals/{id}/decide': [],
  'POST /v1/slack/interactions': [],
  'GET /v1/launches/{id}/activations': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/launches/{id}/activations/pause': ['lead', 'marketing'],
  'POST /v1/launches/{id}/activations/resume': ['lead', 'marketing'],
  'POST /v1/launches/{id}/activations/{activationId}/cancel': ['lead', 'marketing'],
  // public incident communications: the in-app banner and the status page
  'GET /v1/banner/{ventureId}': [],
  'GET /status/{ventureId}': [],
  'GET /status/{ventureId}.json': [],
  'POST /v1/launches/{id}/feedback': ['lead', 'support'],
  'GET /v1/launches/{id}/feedback': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/handoff': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/exit-gates': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  // launch preparation: entry gates, timeline, playbook, readiness checklist
  'GET /v1/launches/{id}/gates': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/launches/{id}/gates/evaluate': ['lead', 'devops_oncall', 'marketing', 'support'],
  'GET /v1/launches/{id}/timeline': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/playbook': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/checklist': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'POST /v1/launches/{id}/checklist/{role}/sign': ['lead', 'devops_oncall', 'marketing', 'support'],
  // the live dashboard (docs/dashboard-api.md)
  'GET /v1/events': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/portfolio': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/summary': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/series': ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'],
  'GET /v1/launches/{id}/timeline-events': [
    'lead',
    'devops_oncall',
    'marketing',
    'support',
    'viewer',
  ],
};

describe('probes, metrics and documentation', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers /healthz and /readyz; /readyz is 503 when not ready', async () => {
    expect(await api.call('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await api.call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready' },
    });
    api.readiness.ready = false;
    expect(await api.call('GET', '/readyz')).toMatchObject({
      status: 503,
      body: { status: 'not_ready' },
    });
    api.readiness.ready = true;
  });

  it('exposes request counters, latencies, launches by state and uptime at /metrics', async () => {
    await api.createLaunch();
    await api.call('GET', '/v1/launches', { as: 'viewer' });
    await api.call('GET', '/v1/launches/unknown', { as: 'viewer' });
    await api.call('GET', '/v1/launches/unknown', { as: 'viewer' });
    await api.call('GET', '/no/such/route');
    const metrics = await api.call<string>('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const lines = metrics.body.split('\n');
    expect(lines).toContain(
      'http_requests_total{method="POST",route="/v1/launches",status="201"} 1',
    );
    expect(lines).toContain(
      'http_requests_total{method="GET",route="/v1/launches",status="200"} 1',
    );
    expect(lines).toContain(
      'http_requests_total{method="GET",route="/v1/launches/{id}",status="404"} 2',
    );
    expect(lines).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(lines).toContain(
      'http_request_duration_seconds_count{method="GET",route="/v1/launches/{id}"} 2',
    );
    expect(lines).toContain(
      'http_request_duration_seconds_bucket{method="GET",route="/v1/launches/{id}",le="+Inf"} 2',
    );
    expect(lines).toContain('# TYPE http_request_duration_seconds histogram');
    expect(lines).toContain('launchcrew_launches{state="preparing"} 1');
    expect(lines).toContain('launchcrew_launches{state="aborted"} 0');
    expect(lines).toContain('launchcrew_database_up 1');
    expect(metrics.body).toMatch(/^process_uptime_seconds \d+(\.\d+)?$/m);
  });

  it('publishes an OpenAPI 3.1 document listing every route with its schemas and roles', async () => {
    const { status, body } = await api.call<ApiDocument>('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const operations = Object.entries(body.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'delete'] as const).flatMap((method) => {
        const operation = item[method];
        return operation ? [{ key: `${method.toUpperCase()} ${path}`, operation }] : [];
      }),
    );
    expect(
      Object.fromEntries(
        operations.map(({ key, operation }) => [key, operation['x-required-roles']]),
      ),
    ).toEqual(expectedRoutes);
    for (const { key, operation } of operations) {
      expect(operation.summary, key).toBeTruthy();
      expect(Object.keys(operation.responses ?? {}), key).toContain('500');
      const documented = Object.values(operation.responses ?? {}).filter(
        (r) => 'content' in r && r.content,
      );
      expect(documented.length, key).toBeGreaterThan(0);
    }
    const create = body.paths?.['/v1/launches']?.post;
    const requestBody = (create?.requestBody ?? {}) as { content?: object };
    expect(Object.keys(requestBody.content ?? {})).toEqual([
      'application/json',
      'application/yaml',
      'application/x-yaml',
      'text/yaml',
      'text/plain',
    ]);
    expect(create?.security).toEqual([{ bearerAuth: [] }]);
    const parameters = body.paths?.['/v1/launches/{id}/parameters/{name}']?.put?.parameters ?? [];
    expect(parameters.map((p) => ('name' in p ? `${p.in}:${p.name}` : ''))).toEqual([
      'path:id',
      'path:name',
    ]);
    expect(Object.keys(body.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'Error',
        'Launch',
        'Problem',
        'CreateLaunchRequest',
        'Parameter',
        'AuditEntry',
      ]),
    );
  });

  it('renders every operation on the /docs page without external resources', async () => {
    const page = await api.call<string>('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const key of Object.keys(expectedRoutes)) {
      const [method = '', path = ''] = key.split(' ');
      expect(page.body).toContain(
        `<span class="method">${method.toLowerCase()}</span> <code>${path}</code>`,
      );
    }
    expect(page.body).toContain('<span class="role">lead</span>');
    expect(page.body).toContain('id="schema-Launch"');
    expect(page.body).not.toMatch(/<script|https?:\/\/(?!notes\.example)/);
  });

  it('serves the launch plan JSON Schema without a token', async () => {
    const answer = await api.call<{ properties: Record<string, unknown> }>(
      'GET',
      '/v1/schema/launch-plan.json',
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/schema+json');
    expect(Object.keys(answer.body.properties)).toEqual(
      expect.arrayContaining(['venture', 't0', 'parameters']),
    );
  });

  it('serves real HTTP through @hono/node-server', async () => {
    const server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const unauthorized = await fetch(`${base}/v1/launches`);
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
      const listed = await fetch(`${base}/v1/launches`, {
        headers: { authorization: `Bearer ${api.tokens.viewer}` },
      });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual({
        launches: [expect.objectContaining({ state: 'preparing' })],
      });
      const malformed = await fetch(`${base}/v1/launches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.tokens.lead}`, 'content-type': 'application/json' },
        body: '{',
      });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
