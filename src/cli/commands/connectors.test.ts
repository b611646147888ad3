import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type FakeVendor, startFakeVendor } from '../../connectors/testing/fake-vendor.ts';
import { parsePlanText } from '../../plan/load.ts';
import type { LaunchPlan } from '../../plan/schema.ts';
import { minimalPlanData } from '../../plan/testing/plan-fixtures.ts';
import type { CommandIo } from '../output.ts';
import { runConnectorsList, runConnectorsTest } from './connectors.ts';

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

const sendgridKey = 'SG.sendgrid-secret-value-123';
const zendeskToken = 'zendesk-secret-token-456';
const env = { SENDGRID_KEY: sendgridKey, ZENDESK_TOKEN: zendeskToken };

let directory: string;
let planFile: string;
let sendgrid: FakeVendor;
let zendesk: FakeVendor;

function planData(): Record<string, unknown> {
  return {
    ...minimalPlanData(),
    connectors: [
      {
        id: 'mail',
        kind: 'email',
        vendor: 'sendgrid',
        config: {
          api_key_env: 'SENDGRID_KEY',
          from_email: 'launch@tiny.example',
          base_url: sendgrid.url,
        },
      },
      {
        id: 'helpdesk',
        kind: 'ticketing',
        vendor: 'zendesk',
        config: {
          subdomain: 'tiny',
          email: 'sam@tiny.example',
          api_token_env: 'ZENDESK_TOKEN',
          base_url: zendesk.url,
        },
      },
      { id: 'cluster', kind: 'deploy', vendor: 'kubernetes' },
    ],
  };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'launchcrew-connectors-'));
  sendgrid = await startFakeVendor({ status: 200, body: '{"scopes":["mail.send"]}' });
  zendesk = await startFakeVendor({
    status: 200,
    body: JSON.stringify({ user: { id: 42, role: 'admin' } }),
  });
  planFile = join(directory, 'plan.yaml');
  await writeFile(planFile, stringify(planData()));
});
afterAll(async () => {
  await Promise.all([sendgrid.close(), zendesk.close()]);
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => {
  zendesk.replies.length = 0;
  zendesk.received.length = 0;
});

describe('launchcrew connectors test', () => {
  it('checks every connector of a plan file and exits 0 when none failed', async () => {
    const io = capture();
    expect(await runConnectorsTest({ target: planFile, env }, io)).toBe(0);
    expect(io.stdout.join('\n').split('\n')).toEqual([
      'ok      mail (sendgrid, email): SendGrid accepts the key in SENDGRID_KEY (scope mail.send)',
      `ok      helpdesk (zendesk, ticketing): signed in to ${zendesk.url} as sam@tiny.example (admin)`,
      "skipped cluster (kubernetes, deploy): LaunchCrew has no connector for vendor 'kubernetes'",
      '2 ok, 0 failed, 1 skipped',
    ]);
    expect(zendesk.received[0]?.path).toBe('/api/v2/users/me.json');
    expect(sendgrid.received.at(-1)?.headers.authorization).toBe(`Bearer ${sendgridKey}`);
  });

  it('exits 1 with the vendor message when a check fails, never printing a secret', async () => {
    zendesk.replies.push({
      status: 401,
      body: JSON.stringify({ error: `Couldn't authenticate you with ${zendeskToken}` }),
    });
    const io = capture();
    expect(await runConnectorsTest({ target: planFile, env, json: true }, io)).toBe(1);
    const printed = io.stdout.join('\n');
    expect(printed).not.toContain(zendeskToken);
    expect(printed).not.toContain(sendgridKey);
    expect(JSON.parse(printed)).toEqual({
      ok: false,
      connectors: [
        expect.objectContaining({ id: 'mail', status: 'ok' }),
        {
          id: 'helpdesk',
          kind: 'ticketing',
          vendor: 'zendesk',
          status: 'failed',
          message: "zendesk rejected the request: HTTP 401 Couldn't authenticate you with [secret]",
        },
        expect.objectContaining({ id: 'cluster', status: 'skipped' }),
      ],
    });
  });

  it('fails a connector whose secret is not set, naming the variable', async () => {
    const io = capture();
    expect(
      await runConnectorsTest({ target: planFile, env: { SENDGRID_KEY: sendgridKey } }, io),
    ).toBe(1);
    expect(io.stdout.join('\n')).toContain(
      "failed  helpdesk (zendesk, ticketing): connector 'helpdesk': environment variable ZENDESK_TOKEN (named by api_token_env) is not set",
    );
  });

  it('fails a connector that does not answer within the timeout', async () => {
    zendesk.replies.push({ hang: true });
    const io = capture();
    expect(await runConnectorsTest({ target: planFile, env, timeoutMs: 300 }, io)).toBe(1);
    expect(io.stdout.join('\n')).toContain(
      'failed  helpdesk (zendesk, ticketing): no answer within 0.3 s',
    );
  });

  it('tests the plan of a stored launch when given a launch id', async () => {
    const { plan } = parsePlanText(stringify(planData()), 'plan.yaml');
    const asked: string[] = [];
    const io = capture();
    const code = await runConnectorsTest(
      { target: 'c0ffee00-0000-4000-8000-000000000001', env },
      io,
      async (id) => {
        asked.push(id);
        return plan as LaunchPlan;
      },
    );
    expect(code).toBe(0);
    expect(asked).toEqual(['c0ffee00-0000-4000-8000-000000000001']);
    expect(io.stdout.join('\n').split('\n').at(-1)).toBe('2 ok, 0 failed, 1 skipped');
  });

  it('refuses a plan whose connector config is invalid, printing the problem', async () => {
    const broken = planData();
    const [mail] = broken.connectors as { config: Record<string, unknown> }[];
    if (mail) mail.config.from_emial = mail.config.from_email;
    const file = join(directory, 'broken.yaml');
    await writeFile(file, stringify(broken));
    const io = capture();
    expect(await runConnectorsTest({ target: file, env }, io)).toBe(1);
    expect(io.stderr.join('\n')).toContain(
      "connectors[0].config.from_emial  unknown key 'from_emial' (sendgrid config) (did you mean 'from_email'?)",
    );
    expect(io.stdout).toEqual([]);
  });
});

describe('launchcrew connectors list', () => {
  it('lists every vendor with its kinds and description', async () => {
    const io = capture();
    expect(await runConnectorsList({ json: true }, io)).toBe(0);
    const vendors = JSON.parse(io.stdout.join('\n')) as { vendor: string; kinds: string[] }[];
    expect(vendors.map((entry) => entry.vendor)).toEqual(
      expect.arrayContaining([
        'cloudflare',
        'prometheus',
        'sendgrid',
        'slack',
        'statuspage',
        'zendesk',
      ]),
    );
    expect(vendors.find((entry) => entry.vendor === 'zendesk')?.kinds).toEqual(['ticketing']);
    const text = capture();
    await runConnectorsList({}, text);
    expect(text.stdout.join('\n')).toMatch(/^zendesk +ticketing: Zendesk Support tickets/m);
  });
});
