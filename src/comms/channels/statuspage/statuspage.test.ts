import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MissingSecretError } from '../../../connectors/connector-secrets.ts';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import { statusPageManifests } from '../status-page-connector.ts';
import { manifest } from './manifest.ts';

describe('Atlassian Statuspage connector (faked at the wire)', () => {
  let vendor: FakeVendor;
  const open = (env: Record<string, string> = { SP_KEY: 'key-1' }) =>
    manifest.open(
      {
        id: 'sp',
        kind: 'status_page',
        vendor: 'statuspage',
        config: { page_id: 'pg1', api_key_env: 'SP_KEY', api_url: `${vendor.url}/v1` },
      },
      env,
    );
  const update = {
    name: 'Slow sign-in',
    status: 'monitoring',
    severity: 'P2',
    body: 'Watching.',
  } as const;

  beforeAll(async () => {
    vendor = await startFakeVendor({ status: 200 });
  });
  afterAll(() => vendor.close());
  beforeEach(() => {
    vendor.received.length = 0;
    vendor.replies.length = 0;
  });

  it('is found in the channels folder', async () => {
    expect((await statusPageManifests()).map((m) => m.vendor)).toContain('statuspage');
  });

  it('patches an existing incident with the documented body, retrying 429 and 5xx', async () => {
    vendor.replies.push(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 502 },
      jsonReply(200, { id: 'inc9' }),
    );
    const prepared = open().prepareIncident(update, 'inc9');
    expect(await prepared.send()).toEqual({ http_status: 200, incident_id: 'inc9' });
    expect(vendor.received).toHaveLength(3);
    const last = vendor.received.at(-1);
    expect(last?.method).toBe('PATCH');
    expect(last?.path).toBe('/v1/pages/pg1/incidents/inc9');
    expect(last?.headers.authorization).toBe('OAuth key-1');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last?.body ?? '')).toEqual({
      incident: {
        name: 'Slow sign-in',
        status: 'monitoring',
        impact_override: 'minor',
        body: 'Watching.',
        component_ids: [],
        components: {},
        deliver_notifications: true,
      },
    });
    expect(prepared.request).toMatchObject({ method: 'PATCH', incident_id: 'inc9' });
    expect(JSON.stringify(prepared.request)).not.toContain('key-1');
  });

  it('fails on 4xx without retrying, and without an id or a key', async () => {
    vendor.replies.push(jsonReply(401, { error: 'unauthorized' }));
    await expect(open().prepareIncident(update, null).send()).rejects.toThrow(VendorRejectedError);
    expect(vendor.received).toHaveLength(1);
    vendor.replies.push(jsonReply(201, {}));
    await expect(open().prepareIncident(update, null).send()).rejects.toThrow(OperationalError);
    await expect(open({}).prepareIncident(update, null).send()).rejects.toThrow(MissingSecretError);
  });

  it('checks the connection by reading the page', async () => {
    vendor.replies.push(jsonReply(200, { id: 'pg1' }), jsonReply(404, {}));
    expect(await open().checkConnection()).toEqual({
      ok: true,
      message: 'Statuspage page pg1 is reachable',
    });
    expect(vendor.received[0]).toMatchObject({ method: 'GET', path: '/v1/pages/pg1' });
    expect(await open().checkConnection()).toMatchObject({ ok: false });
  });
});
