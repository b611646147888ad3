import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../api/app.ts';
import { samplePlanYaml, startTestApi, type TestApi } from '../api/test-harness.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { withIncidentTables } from '../incidents/incident-tables.ts';
import { insertSamples } from '../metrics/samples/sample-store.ts';
import { maxReplayEvents } from './event-stream.ts';
import { LiveEventHub } from './live-event-hub.ts';

/** One SSE frame as a client parses it. */
interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** A live stream read with fetch, frame by frame. */
class StreamReader {
  readonly frames: Frame[] = [];
  #buffer = '';
  #waiters: Array<() => void> = [];
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  ended = false;

  constructor(response: Response) {
    this.#reader = (response.body as ReadableStream<Uint8Array>).getReader();
    void this.#pump();
  }

  /** Disconnects, as a browser closing the tab. */
  close(): Promise<void> {
    return this.#reader.cancel();
  }

  async #pump() {
    const reader = this.#reader;
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.#buffer += decoder.decode(value, { stream: true });
        let end = this.#buffer.indexOf('\n\n');
        while (end >= 0) {
          this.frames.push(parseFrame(this.#buffer.slice(0, end)));
          this.#buffer = this.#buffer.slice(end + 2);
          end = this.#buffer.indexOf('\n\n');
        }
        for (const wake of this.#waiters.splice(0)) wake();
      }
    } catch {
      // the connection was dropped
    }
    this.ended = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Waits (up to 10 s) until `predicate` holds for the frames received. */
  async until(predicate: (frames: Frame[]) => boolean): Promise<Frame[]> {
    const deadline = Date.now() + 10_000;
    while (!predicate(this.frames)) {
      if (this.ended || Date.now() > deadline) {
        throw new Error(
          `stream ${this.ended ? 'ended' : 'timed out'}: ${JSON.stringify(this.frames)}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.frames;
  }

  events(kind?: string) {
    return this.frames
      .filter((frame) => frame.event && frame.event !== 'reset')
      .filter((frame) => kind === undefined || frame.event === kind)
      .map(
        (frame) =>
          JSON.parse(frame.data ?? '{}') as {
            id: number;
            payload: Record<string, unknown>;
          } & Record<string, unknown>,
      );
  }
}

function parseFrame(text: string): Frame {
  const frame: Frame = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    const match = /^(id|event|data|retry): (.*)$/.exec(line);
    if (match) frame[match[1] as 'id' | 'event' | 'data' | 'retry'] = match[2];
  }
  return frame;
}

describe('GET /v1/events (live dashboard events)', () => {
  let api: TestApi;
  let hub: LiveEventHub;
  let server: ReturnType<typeof serve>;
  let base: string;
  let launchA: string;
  let launchB: string;

  beforeAll(async () => {
    api = await startTestApi();
    hub = new LiveEventHub({ db: api.t.db, url: api.t.url });
    const app = createApi({
      db: api.t.db,
      clock: api.clock,
      version: 'test',
      isReady: async () => true,
      liveEvents: hub,
    });
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    launchA = await api.createLaunch();
    launchB = await api.createLaunch(samplePlanYaml.replace('acme-notes', 'acme-docs'));
  });
  afterAll(async () => {
    await hub.close();
    await new Promise((resolve) => server.close(resolve));
    await api.close();
  });

  const open = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/v1/events${query}`, {
      headers: { authorization: `Bearer ${api.tokens.viewer}`, ...headers },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = new StreamReader(response);
    await stream.until((frames) => frames.some((frame) => frame.retry === '1000'));
    return stream;
  };
  const audit = (launchId: string, action: string) =>
    recordAudit(api.t.db, api.clock, {
      actor: 'test',
      action,
      subjectType: 'launch',
      subjectId: launchId,
      launchId,
      detail: { note: action },
    });
  const openIncident = async (launchId: string) =>
    withIncidentTables(api.t.db)
      .insertInto('incidents')
      .values({
        launch_id: launchId,
        trigger_id: 'LAUNCH-003',
        rule_id: 'LAUNCH-003.error_rate',
        state: 'triggered',
        severity: 'P1',
        severity_reason: 'test',
        classification: '{}',
        pagerduty_dedup_keys: '[]',
        acknowledged_at: null,
        acknowledged_by: null,
        mitigating_at: null,
        monitoring_at: null,
        resolved_at: null,
        title: 'Errors above 2 %',
        opened_at: api.clock.now(),
        updated_at: api.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

  it('needs a token; a viewer may read', async () => {
    const response = await fetch(`${base}/v1/events`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const stream = await open('');
    await stream.close();
  });

  it('delivers an audit entry and an incident change live, in commit order', async () => {
    const stream = await open(`?launch=${launchA}`);
    const started = performance.now();
    await audit(launchA, 'launch.go');
    const auditFrames = await stream.until((frames) => frames.some((f) => f.event === 'audit'));
    const auditLatencyMs = performance.now() - started;
    const { id: incidentId } = await openIncident(launchA);
    await withIncidentTables(api.t.db)
      .updateTable('incidents')
      .set({ state: 'acknowledged', acknowledged_at: api.clock.now() })
      .where('id', '=', incidentId)
      .execute();
    await stream.until((frames) => frames.filter((f) => f.event === 'incident').length === 2);
    console.info(`audit event arrived ${auditLatencyMs.toFixed(0)} ms after the commit`);
    expect(auditFrames.find((f) => f.event === 'audit')?.id).toMatch(/^\d+$/);
    const [auditEvent] = stream.events('audit');
    expect(auditEvent).toMatchObject({
      kind: 'audit',
      launchId: launchA,
      ventureId: 'acme-notes',
      payload: { action: 'launch.go', actor: 'test', detail: { note: 'launch.go' } },
    });
    expect(stream.events('incident').map((e) => e.payload)).toMatchObject([
      { incidentId, op: 'insert', state: 'triggered', severity: 'P1' },
      { incidentId, op: 'update', state: 'acknowledged' },
    ]);
    const ids = stream.events().map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await stream.close();
  });

  it('isolates launches; the portfolio stream has every launch but no samples', async () => {
    const streamA = await open(`?launch=${launchA}`);
    const portfolio = await open('');
    await insertSamples(api.t.db, launchA, [
      { name: 'error_rate', labels: {}, ts: api.clock.now(), value: 3.5 },
    ]);
    await audit(launchB, 'launch.live');
    await audit(launchA, 'launch.live');
    await streamA.until((frames) => frames.some((f) => f.event === 'audit'));
    await portfolio.until((frames) => frames.filter((f) => f.event === 'audit').length === 2);
    expect(streamA.events().map((e) => [e.kind, e.launchId])).toEqual([
      ['sample', launchA],
      ['audit', launchA],
    ]);
    expect(streamA.events('sample')[0]?.payload).toMatchObject({
      metric: 'error_rate',
      points: [{ labels: {}, value: 3.5, count: 1 }],
    });
    expect(portfolio.events().map((e) => [e.kind, e.launchId])).toEqual([
      ['audit', launchB],
      ['audit', launchA],
    ]);
    await streamA.close();
    await portfolio.close();
  });

  it('replays exactly the missed events after the server dropped the connection', async () => {
    const first = await open(`?launch=${launchA}`);
    await audit(launchA, 'before.drop');
    await first.until((frames) => frames.some((f) => f.event === 'audit'));
    const lastSeen = first.events('audit')[0]?.id;
    (server as import('node:http').Server).closeAllConnections();
    await first.until(() => first.ended).catch(() => first.frames);
    expect(first.ended).toBe(true);

    await audit(launchA, 'missed.one');
    await audit(launchB, 'other.launch');
    await audit(launchA, 'missed.two');
    const resumed = await open(`?launch=${launchA}`, { 'last-event-id': String(lastSeen) });
    await resumed.until((frames) => frames.filter((f) => f.event === 'audit').length === 2);
    await audit(launchA, 'after.resume');
    await resumed.until((frames) => frames.filter((f) => f.event === 'audit').length === 3);
    expect(resumed.events('audit').map((e) => e.payload.action)).toEqual([
      'missed.one',
      'missed.two',
      'after.resume',
    ]);
    expect(resumed.events('audit').every((e) => e.id > Number(lastSeen))).toBe(true);
    await resumed.close();
  });

  it('resumes from ?since= too, and sends a reset when too many were missed', async () => {
    const since = await open(`?launch=${launchB}&since=0`);
    await since.until((frames) => frames.some((f) => f.data?.includes('other.launch')));
    const actions = since.events('audit').map((e) => e.payload.action);
    expect(actions.filter((a) => a === 'launch.live' || a === 'other.launch')).toEqual([
      'launch.live',
      'other.launch',
    ]);
    await since.close();

    const busyLaunch = '00000000-0000-4000-8000-000000000001';
    await sql`
      INSERT INTO live_events (launch_id, kind, payload)
      SELECT ${busyLaunch}::uuid, 'audit', jsonb_build_object('n', n)
      FROM generate_series(1, ${maxReplayEvents + 1}) n
    `.execute(api.t.db);
    const behind = await open(`?launch=${busyLaunch}`, { 'last-event-id': '1' });
    await behind.until((frames) => frames.some((f) => f.event === 'reset'));
    expect(behind.events()).toEqual([]);
    const resetFrame = behind.frames.find((f) => f.event === 'reset');
    expect(JSON.parse(resetFrame?.data ?? '{}')).toMatchObject({ reason: 'too_many_missed' });
    await behind.close();
  });
});
