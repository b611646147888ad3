import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { type Role, roles } from '../auth/roles.ts';
import { createToken } from '../auth/tokens.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { createApi } from './app.ts';
import type { ApiContext, ApiEnv } from './context.ts';

/** A valid plan without warnings: T0 is a Tuesday 10:00 in Berlin, a month after the test clock. */
export const samplePlanYaml = `version: 1
venture:
  id: acme-notes
  name: Acme Notes
  production_url: https://notes.example.com
  staging_url: https://staging.notes.example.com
  timezone: Europe/Berlin
  market_country: DE
t0: 2026-02-03T10:00
preset: developer_tool_launch
parameters:
  email_campaign_enabled: false
  paid_ads_enabled: false
people:
  - { id: ana, name: Ana Lead, roles: [lead], contact: { email: ana@example.com } }
  - { id: olu, name: Olu Ops, roles: [devops_oncall], contact: { email: olu@example.com } }
monitors:
  - { id: home, type: http, url: https://notes.example.com/ }
runbooks:
  deploy:
    strategy: blue_green
    steps: [{ id: switch, action: manual }]
  rollback:
    steps: [{ id: revert, action: manual }]
`;

/** An answer of the API under test, with its JSON body (or text for non-JSON answers). */
export interface TestResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Options of one test request. */
export interface TestRequest {
  /** Sends the token of this role; omit for no Authorization header. */
  as?: Role;
  /** A JSON body. */
  json?: unknown;
  /** A raw body, sent with `contentType`. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The API over a fresh migrated database, a simulated clock and one token per role. */
export interface TestApi {
  app: OpenAPIHono<ApiEnv>;
  t: TestDatabase;
  clock: SimulatedClock;
  tokens: Record<Role, string>;
  /** What `isReady()` answers. */
  readiness: { ready: boolean };
  /** Errors the API logged. */
  logged: object[];
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    request?: TestRequest,
  ): Promise<TestResponse<T>>;
  /** Creates a launch through the API as the lead; returns its id. */
  createLaunch(planYaml?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the API for one test file.
 *
 * @example
 * let api: TestApi;
 * beforeAll(async () => { api = await startTestApi(); });
 * afterAll(() => api.close());
 * const { status } = await api.call('GET', '/v1/launches', { as: 'viewer' });
 */
export async function startTestApi(overrides: Partial<ApiContext> = {}): Promise<TestApi> {
  const t = await createTestDatabase();
  const clock = new SimulatedClock(new Date('2026-01-05T09:00:00Z'));
  const readiness = { ready: true };
  const logged: object[] = [];
  const app = createApi({
    db: t.db,
    clock,
    version: '0.0.0-test',
    isReady: async () => readiness.ready,
    logger: { error: (details) => logged.push(details) },
    ...overrides,
  });
  const tokens = {} as Record<Role, string>;
  for (const role of roles)
    tokens[role] = (
      await createToken(t.db, clock, { name: `${role}-user`, role, actor: 'test' })
    ).secret;

  const call = async <T>(
    method: string,
    path: string,
    request: TestRequest = {},
  ): Promise<TestResponse<T>> => {
    const headers = new Headers(request.headers);
    if (request.as) headers.set('authorization', `Bearer ${tokens[request.as]}`);
    let body: string | undefined = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers.set('content-type', 'application/json');
    }
    if (request.contentType) headers.set('content-type', request.contentType);
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: (isJson ? JSON.parse(text) : text) as T,
    };
  };
  return {
    app,
    t,
    clock,
    tokens,
    readiness,
    logged,
    call,
    async createLaunch(planYaml = samplePlanYaml) {
      const created = await call<{ launch: { id: string } }>('POST', '/v1/launches', {
        as: 'lead',
        body: planYaml,
        contentType: 'application/yaml',
      });
      if (created.status !== 201) throw new Error(`creating a launch failed: ${created.text}`);
      return created.body.launch.id;
    },
    async close() {
      await t.drop();
    },
  };
}
