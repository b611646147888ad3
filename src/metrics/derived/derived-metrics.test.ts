import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test-harness.ts';
import { insertTrackedEvents } from '../ingest/event-store.ts';
import type { SegmentCall } from '../ingest/segment-calls.ts';
import type { MetricReader } from '../metric-reader.ts';
import { insertSamples, type MetricSample } from '../samples/sample-store.ts';
import { metricsDb } from '../samples/tables.ts';
import { pushedMetricReader } from './pushed-metric-reader.ts';

const T0 = Date.parse('2026-02-03T09:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(T0 + ms);

let api: TestApi;
let launchId: string;
let reader: MetricReader;

beforeAll(async () => {
  api = await startTestApi();
  launchId = await api.createLaunch();
  reader = pushedMetricReader(api.t.db);
});
afterAll(() => api.close());

const read = (
  name: string,
  when: number,
  extra: { windowMs?: number; labels?: Record<string, string> } = {},
) => reader.read({ launchId, name, at: at(when), ...extra });
const samples = (
  list: Array<
    Omit<MetricSample, 'ts' | 'labels'> & { at: number; labels?: Record<string, string> }
  >,
) =>
  insertSamples(
    api.t.db,
    launchId,
    list.map((s) => ({ name: s.name, value: s.value, labels: s.labels ?? {}, ts: at(s.at) })),
  );
let messages = 0;
const track = (calls: Array<Partial<SegmentCall> & { at: number }>) =>
  insertTrackedEvents(
    api.t.db,
    launchId,
    calls.map((c) => ({
      type: 'track',
      userId: null,
      anonymousId: null,
      event: null,
      properties: {},
      context: {},
      launchId: undefined,
      messageId: `m${messages++}`,
      ...c,
      ts: at(c.at),
    })),
    at(0),
  );

describe('no data is null with a reason, never zero', () => {
  it.each([
    'error_rate',
    'p95_response_time',
    'new_users',
    'returning_users_48h',
    'dau_per_acquired',
    'tickets_per_hour',
    'support_backlog',
    'first_response_time',
    'nps',
    'email_open_rate',
    'email_click_rate',
    'some_custom_gauge',
  ])('%s', async (name) => {
    const reading = await read(name, HOUR);
    expect(reading.value).toBeNull();
    expect(reading.reason).toMatch(/\w/);
  });
});

describe('request metrics', () => {
  it('error_rate is 5xx ÷ all requests from the http_requests_total counters, across a reset', async () => {
    // 200s: 100 → 190 over the window (+90); 500s: 0 → 6, then reset to 4 (+6 +4 = 10).
    await samples([
      {
        name: 'http_requests_total',
        labels: { status: '200' },
        value: 100,
        at: 2 * HOUR - 6 * MIN,
      },
      {
        name: 'http_requests_total',
        labels: { status: '200' },
        value: 150,
        at: 2 * HOUR - 3 * MIN,
      },
      { name: 'http_requests_total', labels: { status: '200' }, value: 190, at: 2 * HOUR },
      { name: 'http_requests_total', labels: { status: '500' }, value: 0, at: 2 * HOUR - 6 * MIN },
      { name: 'http_requests_total', labels: { status: '500' }, value: 6, at: 2 * HOUR - 3 * MIN },
      { name: 'http_requests_total', labels: { status: '500' }, value: 4, at: 2 * HOUR },
    ]);
    expect((await read('error_rate', 2 * HOUR)).value).toBeCloseTo(10);
    expect((await read('error_rate', 2 * HOUR, { windowMs: 2 * MIN })).value).toBeCloseTo(
      (100 * 4) / 44,
    );
  });

  it('error_rate falls back to pushed error_rate samples; counters that did not move are no data', async () => {
    await samples([{ name: 'error_rate', value: 3.5, at: 3 * HOUR }]);
    expect((await read('error_rate', 3 * HOUR)).value).toBe(3.5);
    await samples([
      { name: 'http_requests_total', labels: { status: '200' }, value: 5, at: 4 * HOUR - MIN },
      { name: 'http_requests_total', labels: { status: '200' }, value: 5, at: 4 * HOUR },
    ]);
    expect((await read('error_rate', 4 * HOUR)).value).toBeNull();
  });

  it('p95_response_time prefers the pushed p95, else the 95th percentile of durations', async () => {
    await samples(
      Array.from({ length: 100 }, (_, i) => ({
        name: 'http_request_duration_ms',
        value: i + 1,
        at: 5 * HOUR - i * 1000,
      })),
    );
    expect((await read('p95_response_time', 5 * HOUR)).value).toBeCloseTo(95.05);
    await samples([{ name: 'p95_response_time', value: 420, at: 5 * HOUR }]);
    expect((await read('p95_response_time', 5 * HOUR)).value).toBe(420);
  });
});

describe('users', () => {
  beforeAll(async () => {
    await track([
      { type: 'identify', userId: 'early', at: -HOUR }, // before T0: not a launch user
      {
        event: 'Signed Up',
        userId: 'a',
        context: { campaign: { source: 'google' } },
        at: 1 * HOUR,
      },
      { type: 'identify', userId: 'a', at: 1 * HOUR + MIN },
      { event: 'Viewed', userId: 'a', at: 10 * HOUR }, // a returns
      { type: 'identify', userId: 'b', at: 2 * HOUR },
      {
        event: 'Signed Up',
        userId: 'b',
        context: { campaign: { source: 'twitter' } },
        at: 2 * HOUR + MIN,
      },
      { event: 'Viewed', userId: 'b', at: 2 * HOUR + 10 * MIN }, // same visit: not a return
      { event: 'Signed Up', anonymousId: 'anon-c', at: 30 * HOUR }, // day 2, no campaign
      { event: 'Viewed', anonymousId: 'anon-c', at: 80 * HOUR }, // after 48 h: not a return
    ]);
  });

  it('new_users counts distinct sign-ups since T0, by day 1 and week 1, and by UTM channel', async () => {
    expect((await read('new_users', 100 * HOUR)).value).toBe(3);
    expect((await read('new_users_day1', 100 * HOUR)).value).toBe(2);
    expect((await read('new_users_week1', 100 * HOUR)).value).toBe(3);
    expect((await read('new_users', 100 * HOUR, { labels: { channel: 'twitter' } })).value).toBe(1);
    expect((await read('new_users', 100 * HOUR, { labels: { channel: '(direct)' } })).value).toBe(
      1,
    );
    expect((await read('new_users', -2 * HOUR)).value).toBeNull();
  });

  it('returning_users_48h is the share of users past their 48 h who came back after the first visit', async () => {
    expect((await read('returning_users_48h', 100 * HOUR)).value).toBeCloseTo(100 / 3);
    // At T0 + 60 h only a and b are 48 h old.
    expect((await read('returning_users_48h', 60 * HOUR)).value).toBeCloseTo(50);
    expect((await read('returning_users_48h', 40 * HOUR)).value).toBeNull();
  });

  it('dau_per_acquired is users active in the last 24 h ÷ users acquired', async () => {
    expect((await read('dau_per_acquired', 81 * HOUR)).value).toBeCloseTo(100 / 3);
  });
});

describe('support, NPS and email', () => {
  it('tickets_per_hour counts Ticket Created events in the last hour, 0 once tickets exist', async () => {
    await track([
      { event: 'Ticket Created', userId: 'a', at: 20 * HOUR - 70 * MIN },
      { event: 'Ticket Created', userId: 'a', at: 20 * HOUR - 30 * MIN },
      { event: 'Ticket Created', userId: 'b', at: 20 * HOUR - 5 * MIN },
    ]);
    expect((await read('tickets_per_hour', 20 * HOUR)).value).toBe(2);
    expect((await read('tickets_per_hour', 30 * HOUR)).value).toBe(0);
  });

  it('support gauges read the latest pushed samples (backlog summed over queues)', async () => {
    await samples([
      { name: 'support_backlog', labels: { queue: 'a' }, value: 10, at: 21 * HOUR - 10 * MIN },
      { name: 'support_backlog', labels: { queue: 'a' }, value: 12, at: 21 * HOUR - 5 * MIN },
      { name: 'support_backlog', labels: { queue: 'b' }, value: 30, at: 21 * HOUR - MIN },
      { name: 'first_response_time', value: 45, at: 21 * HOUR - MIN },
    ]);
    expect((await read('support_backlog', 21 * HOUR)).value).toBe(42);
    expect((await read('first_response_time', 21 * HOUR)).value).toBe(45);
    expect((await read('first_response_time', 22 * HOUR)).value).toBeNull();
  });

  it('nps takes each user’s latest 0–10 score since T0', async () => {
    await track([
      { event: 'NPS Responded', userId: 'p1', properties: { score: 3 }, at: 30 * HOUR },
      { event: 'NPS Responded', userId: 'p1', properties: { score: 10 }, at: 31 * HOUR }, // replaces 3
      { event: 'NPS Responded', userId: 'p2', properties: { score: 9 }, at: 30 * HOUR },
      { event: 'NPS Responded', userId: 'p3', properties: { score: 7 }, at: 30 * HOUR },
      { event: 'NPS Responded', userId: 'p4', properties: { score: 2 }, at: 30 * HOUR },
      { event: 'NPS Responded', userId: 'p5', properties: { score: 11 }, at: 30 * HOUR }, // invalid
    ]);
    expect((await read('nps', 40 * HOUR)).value).toBe(25);
    expect((await read('nps_responses', 40 * HOUR)).value).toBe(4);
    expect((await read('nps_responses', 29 * HOUR)).value).toBe(0);
  });

  it('email open and click rates are distinct messages opened / clicked ÷ delivered', async () => {
    const ts = at(HOUR);
    await metricsDb(api.t.db)
      .insertInto('email_events')
      .values(
        [
          ['e1', 'm1', 'delivered'],
          ['e2', 'm2', 'delivered'],
          ['e3', 'm3', 'delivered'],
          ['e4', 'm4', 'delivered'],
          ['e5', 'm1', 'open'],
          ['e6', 'm1', 'open'],
          ['e7', 'm2', 'open'],
          ['e8', 'm1', 'click'],
        ].map(([id, message, event]) => ({
          launch_id: launchId,
          sg_event_id: id as string,
          sg_message_id: message as string,
          event: event as string,
          email: null,
          ts,
        })),
      )
      .execute();
    expect((await read('email_open_rate', 2 * HOUR)).value).toBe(50);
    expect((await read('email_click_rate', 2 * HOUR)).value).toBe(25);
  });
});
