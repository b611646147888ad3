import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeVendor,
  jsonReply,
  startFakeVendor,
} from '../../../connectors/testing/fake-vendor.ts';
import { VendorRejectedError } from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';
import { alertNotice, launchId, triggerEvent } from '../../testing/alert-fixtures.ts';
import { manifest } from './manifest.ts';

const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dedupKey = `launchcrew:${launchId}:LAUNCH-001.rollback_uptime:2026-12-01T10:05:00.000Z`;
const accepted = (key: string) =>
  jsonReply(202, { status: 'success', message: 'Event processed', dedup_key: key });

describe('PagerDuty Events API v2', () => {
  let pagerDuty: FakeVendor;
  const channel = () =>
    manifest.open(
      {
        id: 'pagerduty',
        kind: 'paging',
        vendor: 'pagerduty',
        config: { routing_key_env: 'PD_ROUTING_KEY', events_url: `${pagerDuty.url}/v2/enqueue` },
      },
      { PD_ROUTING_KEY: routingKey },
    );

  beforeAll(async () => {
    pagerDuty = await startFakeVendor(accepted(dedupKey));
  });
  afterAll(() => pagerDuty.close());
  beforeEach(() => {
    pagerDuty.received.length = 0;
    pagerDuty.replies.length = 0;
  });

  it('triggers with the documented body and resolves with the same dedup_key', async () => {
    const firing = await channel().prepare(alertNotice()).send();
    expect(firing).toEqual({
      http_status: 202,
      answer: { status: 'success', message: 'Event processed', dedup_key: dedupKey },
    });
    const resolved = triggerEvent({ state: 'resolved', at: '2026-12-01T11:30:00.000Z' });
    await channel().prepare(alertNotice(resolved)).send();

    expect(pagerDuty.received.map((request) => request.path)).toEqual([
      '/v2/enqueue',
      '/v2/enqueue',
    ]);
    expect(JSON.parse(pagerDuty.received[0]?.body ?? '')).toEqual({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary:
          '🔴 FIRING LAUNCH-001 Launch issues (P1) — Acme Analytics: uptime 87.2 % < 90 % for 5m0s',
        source: 'acme.example',
        severity: 'error',
        timestamp: '2026-12-01T10:05:00.000Z',
        component: 'acme',
        group: `launch:${launchId}`,
        class: 'LAUNCH-001',
        custom_details: {
          rule_id: 'LAUNCH-001.rollback_uptime',
          level: 'critical',
          severity: 'P1',
          value: 87.2,
          reason: 'uptime 87.2 % < 90 % for 5m0s',
          fire_count: 1,
          fired_at: '2026-12-01T10:05:00.000Z',
          launch_id: launchId,
          owners: ['Ana Lead', 'Dev Oncall'],
        },
      },
      links: [{ href: 'https://acme.example', text: 'Production' }],
      client: 'LaunchCrew',
    });
    expect(JSON.parse(pagerDuty.received[1]?.body ?? '')).toEqual({
      routing_key: routingKey,
      event_action: 'resolve',
      dedup_key: dedupKey,
    });
  });

  it('maps P0 to critical and a level without severity to its own name', async () => {
    await channel()
      .prepare(alertNotice(triggerEvent({ severity: 'P0' })))
      .send();
    await channel()
      .prepare(alertNotice(triggerEvent({ severity: undefined, level: 'warning' })))
      .send();
    const severities = pagerDuty.received.map(
      (request) => (JSON.parse(request.body) as { payload: { severity: string } }).payload.severity,
    );
    expect(severities).toEqual(['critical', 'warning']);
  });

  it('cuts the summary to 1024 characters', async () => {
    await channel()
      .prepare(alertNotice(triggerEvent({ reason: 'x'.repeat(2000) })))
      .send();
    const body = JSON.parse(pagerDuty.received[0]?.body ?? '') as { payload: { summary: string } };
    expect(body.payload.summary).toHaveLength(1024);
    expect(body.payload.summary.endsWith('…')).toBe(true);
  });

  it('400 is a rejected event, not retried', async () => {
    pagerDuty.replies.push(
      jsonReply(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
      }),
    );
    await expect(channel().prepare(alertNotice()).send()).rejects.toBeInstanceOf(
      VendorRejectedError,
    );
    expect(pagerDuty.received).toHaveLength(1);
  });

  it('429 and 5xx are retried; when they persist the job retries (OperationalError)', async () => {
    pagerDuty.replies.push(jsonReply(429, { status: 'throttle event' }, { 'retry-after': '0' }));
    await channel().prepare(alertNotice()).send();
    expect(pagerDuty.received).toHaveLength(2);
    pagerDuty.replies.push(jsonReply(500, {}), jsonReply(502, {}), jsonReply(503, {}));
    await expect(channel().prepare(alertNotice()).send()).rejects.toBeInstanceOf(OperationalError);
    expect(pagerDuty.received).toHaveLength(5);
  });

  it('is vendor-idempotent and keeps the routing key out of the ledger record', () => {
    const opened = channel();
    expect(opened.vendorIdempotent).toBe(true);
    const { request } = opened.prepare(alertNotice());
    expect(JSON.stringify(request)).not.toContain(routingKey);
    expect(request).toMatchObject({ routing_key_env: 'PD_ROUTING_KEY', dedup_key: dedupKey });
  });
});
