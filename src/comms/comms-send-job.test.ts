import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import {
  mailBody,
  mailHeader,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../alerts/testing/smtp-test-server.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { type FakeVendor, jsonReply, startFakeVendor } from '../connectors/testing/fake-vendor.ts';
import type { AnyJobKind } from '../jobs/job-kind.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { createCommsSendJob } from './comms-send-job.ts';
import { type IncidentUpdate, publishIncidentUpdate } from './incident-updates.ts';
import { commsEnv, commsPlanYaml } from './testing/comms-fixtures.ts';

describe('comms.send: incident messages through the ledger (real SMTP, Statuspage at the wire)', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let smtp: TestSmtpServer;
  let statuspage: FakeVendor;
  const clock = new SimulatedClock(new Date('2026-02-03T10:30:00Z'));
  const job = createCommsSendJob({ env: commsEnv() });

  async function newLaunch(investorTemplate?: string) {
    const planYaml = commsPlanYaml({
      smtpPort: smtp.port,
      statuspageUrl: statuspage.url,
      ...(investorTemplate ? { investorTemplate } : {}),
    });
    const { launch } = await createLaunch({ db: t.db, clock }, { planYaml, actor: 'test' });
    return launch.id;
  }

  async function publish(update: IncidentUpdate) {
    await t.db
      .transaction()
      .execute((trx) => publishIncidentUpdate(trx, { clock, jobs: queue }, update));
    await queue.drain();
  }

  async function deliveries(incidentId: string) {
    const rows = await t.db
      .selectFrom('deliveries')
      .select(['key', 'state', 'attempts', 'error'])
      .where('key', 'like', `comms:${incidentId}:%`)
      .orderBy('key')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.key, r]));
  }

  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    t = await createTestDatabase();
    smtp = await startTestSmtpServer({ user: 'comms', password: 'pw-comms' });
    statuspage = await startFakeVendor({ status: 500 });
    queue = await JobQueue.open({ url: t.url, db: t.db, clock, kinds: [job as AnyJobKind] });
    await queue.startWorkers();
  });
  afterAll(async () => {
    await queue.stop();
    await statuspage.close();
    await smtp.close();
    await t.drop();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    statuspage.received.length = 0;
    statuspage.replies.length = 0;
  });

  it('creates the Statuspage incident, patches it per status, and e-mails who the plan names', async () => {
    const launchId = await newLaunch();
    const incidentId = 'inc-outage';
    statuspage.replies.push(jsonReply(201, { id: 'sp-inc-1', status: 'investigating' }));
    await publish({
      launchId,
      incidentId,
      status: 'investigating',
      severity: 'P0',
      title: 'Notes unavailable',
      message: 'Notes cannot be opened; we are on it.',
    });
    expect(statuspage.received).toHaveLength(1);
    const [create] = statuspage.received;
    expect(create?.method).toBe('POST');
    expect(create?.path).toBe('/v1/pages/pg123/incidents');
    expect(create?.headers.authorization).toBe('OAuth sp-key');
    expect(JSON.parse(create?.body ?? '')).toEqual({
      incident: {
        name: 'Notes unavailable',
        status: 'investigating',
        impact_override: 'critical',
        body: 'Notes cannot be opened; we are on it.',
        component_ids: ['cmp-web', 'cmp-api'],
        components: { 'cmp-web': 'major_outage', 'cmp-api': 'major_outage' },
        deliver_notifications: true,
      },
    });
    // users are told on investigating; press and investors only on resolved
    expect(smtp.messages).toHaveLength(1);
    const [userMail] = smtp.messages;
    expect(userMail?.to).toEqual(['eve@users.example', 'fay@users.example']);
    expect(mailHeader(userMail?.raw ?? '', 'Subject')).toBe(
      '[Acme Notes] Investigating: Notes unavailable',
    );
    expect(mailBody(userMail?.raw ?? '')).toContain('Notes cannot be opened; we are on it.');

    clock.advance(10 * 60_000);
    statuspage.replies.push(jsonReply(200, { id: 'sp-inc-1', status: 'identified' }));
    await publish({ launchId, incidentId, status: 'identified', severity: 'P1' });
    const patch = statuspage.received.at(-1);
    expect(patch?.method).toBe('PATCH');
    expect(patch?.path).toBe('/v1/pages/pg123/incidents/sp-inc-1');
    expect(JSON.parse(patch?.body ?? '')).toEqual({
      incident: {
        name: 'Notes unavailable',
        status: 'identified',
        impact_override: 'major',
        body: 'We have identified the cause of the issue and are working on a fix.',
        component_ids: ['cmp-web', 'cmp-api'],
        components: { 'cmp-web': 'partial_outage', 'cmp-api': 'partial_outage' },
        deliver_notifications: true,
      },
    });

    clock.advance(35 * 60_000);
    statuspage.replies.push(jsonReply(200, { id: 'sp-inc-1', status: 'resolved' }));
    await publish({ launchId, incidentId, status: 'resolved', severity: 'P1' });
    expect(JSON.parse(statuspage.received.at(-1)?.body ?? '').incident).toMatchObject({
      status: 'resolved',
      components: { 'cmp-web': 'operational', 'cmp-api': 'operational' },
    });
    const press = mailsTo('desk@press.example');
    expect(press).toHaveLength(1);
    expect(mailHeader(press[0]?.raw ?? '', 'Subject')).toBe('Acme Notes statement');
    expect(mailBody(press[0]?.raw ?? '')).toContain(
      'We encountered a technical issue and reverted to ensure stability. (Notes unavailable, 45 min)',
    );
    const investor = mailsTo('ana@example.com');
    expect(investor).toHaveLength(1);
    expect(mailHeader(investor[0]?.raw ?? '', 'Subject')).toBe(
      'Acme Notes incident summary: Notes unavailable (P1)',
    );
    const investorText = mailBody(investor[0]?.raw ?? '');
    expect(investorText).toContain('resolved 2026-02-03T11:15:00.000Z (45 min)');
    expect(investorText).toContain(
      '- 2026-02-03T10:30:00.000Z Investigating: Notes cannot be opened; we are on it.',
    );
    expect(mailsTo('eve@users.example')).toHaveLength(2);

    const ledger = await deliveries(incidentId);
    expect(Object.keys(ledger)).toEqual([
      'comms:inc-outage:identified:public:statuspage',
      'comms:inc-outage:investigating:public:statuspage',
      'comms:inc-outage:investigating:users:mail',
      'comms:inc-outage:resolved:investors:mail',
      'comms:inc-outage:resolved:press:mail',
      'comms:inc-outage:resolved:public:statuspage',
      'comms:inc-outage:resolved:users:mail',
    ]);
    for (const row of Object.values(ledger))
      expect(row).toMatchObject({ state: 'sent', attempts: 1 });
    const stored = await sql<{ statuspage_incident_id: string }>`
      SELECT statuspage_incident_id FROM comms_incidents WHERE incident_id = ${incidentId}`.execute(
      t.db,
    );
    expect(stored.rows[0]?.statuspage_incident_id).toBe('sp-inc-1');
  });

  it('publishing the same status twice records and sends nothing more', async () => {
    const launchId = await newLaunch();
    statuspage.replies.push(jsonReply(201, { id: 'sp-inc-2' }));
    const update: IncidentUpdate = {
      launchId,
      incidentId: 'inc-twice',
      status: 'investigating',
      severity: 'P0',
    };
    await publish(update);
    await publish(update);
    expect(statuspage.received).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('sends each message once when the job is retried after a Statuspage fault', async () => {
    const launchId = await newLaunch();
    const incidentId = 'inc-retry';
    // three 503s exhaust the connector's own retries: the job fails and pg-boss retries it
    statuspage.replies.push(
      { status: 503 },
      { status: 503 },
      { status: 503 },
      jsonReply(201, { id: 'sp-inc-3' }),
    );
    await publish({ launchId, incidentId, status: 'investigating', severity: 'P0' });
    expect(statuspage.received.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    expect(smtp.messages).toHaveLength(1);
    expect(await deliveries(incidentId)).toMatchObject({
      'comms:inc-retry:investigating:public:statuspage': { state: 'sent', attempts: 2 },
      'comms:inc-retry:investigating:users:mail': { state: 'sent', attempts: 1 },
    });
    const retries = await sql<{ retry_count: number }>`
      SELECT retry_count FROM pgboss.job
      WHERE name = 'comms.send' AND data->>'incidentId' = ${incidentId}`.execute(t.db);
    expect(retries.rows).toEqual([{ retry_count: 1 }]);
  });

  it('fails a delivery with a clear reason on a template error or a 4xx, and sends the rest', async () => {
    const launchId = await newLaunch('{{ incident.no_such_field }}');
    const incidentId = 'inc-bad-template';
    statuspage.replies.push(jsonReply(201, { id: 'sp-inc-4' }));
    await publish({ launchId, incidentId, status: 'investigating', severity: 'P0' });
    statuspage.replies.push(jsonReply(422, { error: 'component not found' }));
    await publish({ launchId, incidentId, status: 'resolved', severity: 'P0' });
    const ledger = await deliveries(incidentId);
    expect(ledger['comms:inc-bad-template:resolved:investors:mail']).toMatchObject({
      state: 'failed',
      error: expect.stringContaining(
        "comms template plan template 'investor-note' (incident_investor, email) failed: undefined variable: incident.no_such_field",
      ),
    });
    expect(ledger['comms:inc-bad-template:resolved:public:statuspage']).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: expect.stringContaining('statuspage rejected the request: HTTP 422'),
    });
    expect(ledger['comms:inc-bad-template:resolved:press:mail']).toMatchObject({ state: 'sent' });
    expect(ledger['comms:inc-bad-template:resolved:users:mail']).toMatchObject({ state: 'sent' });
    expect(mailsTo('ana@example.com')).toHaveLength(0);
  });
});
