import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/audit-log.ts';
import {
  type IncidentHarness,
  linkSecret,
  slackSigningSecret,
  startIncidentHarness,
} from '../incidents/testing/incident-harness.ts';
import { signApprovalLink } from './approval-link.ts';
import { listApprovals } from './approval-service.ts';
import { slackSignature } from './slack-interaction.ts';

const minute = 60_000;

describe('deciding through Slack buttons and one-time links', () => {
  let h: IncidentHarness;
  beforeAll(async () => {
    h = await startIncidentHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.rollbacks.length = 0;
  });

  async function rollbackProposal() {
    const launchId = await h.createLaunch();
    await h.fire(launchId);
    const [rollback] = await listApprovals(h.api.t.db, { launchId });
    if (!rollback) throw new Error('no proposal');
    return { launchId, rollback };
  }

  function slackClick(
    approvalId: string,
    options: { action?: string; user?: string; ageSeconds?: number; secret?: string } = {},
  ) {
    const payload = {
      type: 'block_actions',
      user: { id: options.user ?? 'U0ANALEAD', username: 'ana' },
      actions: [{ action_id: options.action ?? 'approve', value: approvalId, type: 'button' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = String(
      Math.floor(h.api.clock.now().getTime() / 1000) - (options.ageSeconds ?? 0),
    );
    return {
      body,
      contentType: 'application/x-www-form-urlencoded',
      headers: {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(options.secret ?? slackSigningSecret, timestamp, body),
      },
    };
  }

  it('accepts a signed click from an approver and refuses its replay', async () => {
    const { launchId, rollback } = await rollbackProposal();
    const click = slackClick(rollback.id);
    const accepted = await h.api.call('POST', '/v1/slack/interactions', click);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      replace_original: false,
      text: 'rollback approved by slack:ana',
    });
    expect(h.rollbacks.map((r) => [r.approvalId, r.actor])).toEqual([[rollback.id, 'slack:ana']]);
    expect(
      (await listAudit(h.api.t.db, { launchId, action: 'approval.approved' }))[0]?.detail,
    ).toMatchObject({ via: 'slack' });

    const replayed = await h.api.call('POST', '/v1/slack/interactions', click);
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ error: { code: 'replayed' } });
    expect(h.rollbacks).toHaveLength(1);
  });

  it('refuses forged, stale and tampered requests, and Slack users who are not approvers', async () => {
    const { rollback } = await rollbackProposal();
    const forged = slackClick(rollback.id, { secret: 'not-the-secret' });
    const stale = slackClick(rollback.id, { ageSeconds: 6 * 60 });
    const tampered = slackClick(rollback.id);
    tampered.body = tampered.body.replace('approve', 'reject');
    for (const request of [forged, stale, tampered]) {
      const answer = await h.api.call('POST', '/v1/slack/interactions', request);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    const unsigned = await h.api.call('POST', '/v1/slack/interactions', {
      body: forged.body,
      contentType: forged.contentType,
    });
    expect(unsigned.status).toBe(401);
    const marketing = await h.api.call(
      'POST',
      '/v1/slack/interactions',
      slackClick(rollback.id, { user: 'U0MIAMKTG' }),
    );
    expect(marketing.status).toBe(403);
    expect(h.rollbacks).toEqual([]);

    // the on-call, known by handle, rejects
    const rejected = await h.api.call('POST', '/v1/slack/interactions', {
      ...slackClick(rollback.id, { action: 'reject', user: 'U0OLU' }),
    });
    expect(rejected.status).toBe(403); // U0OLU is not in the plan; olu is "@olu"
    const clickAsOlu = slackClick(rollback.id, { action: 'reject', user: 'U0UNKNOWN' });
    const withHandle = clickAsOlu.body.replace(
      encodeURIComponent('"username":"ana"'),
      encodeURIComponent('"username":"olu"'),
    );
    const timestamp = clickAsOlu.headers['x-slack-request-timestamp'];
    const byHandle = await h.api.call('POST', '/v1/slack/interactions', {
      body: withHandle,
      contentType: clickAsOlu.contentType,
      headers: {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(slackSigningSecret, timestamp, withHandle),
      },
    });
    expect(byHandle.body).toEqual({
      replace_original: false,
      text: 'rollback rejected by slack:olu',
    });
  });

  it('a one-time link shows the evidence, decides once, and refuses reuse, tampering and expiry', async () => {
    const { launchId, rollback } = await rollbackProposal();
    const env = { LAUNCHCREW_APPROVAL_LINK_SECRET: linkSecret };
    const token = signApprovalLink(env, {
      approvalId: rollback.id,
      personId: 'olu',
      expiresAt: rollback.deadline_at,
    });
    const url = `/v1/approvals/${rollback.id}/decide?token=${token}`;

    const page = await h.api.call('GET', url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Olu Ops');
    expect(page.text).toContain('uptime 82.5 % &#60; 90 % for 5m0s');
    expect(h.rollbacks).toEqual([]); // opening the link decides nothing

    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        p: 'ana',
      }),
    ).toString('base64url');
    const tampered = await h.api.call(
      'POST',
      `/v1/approvals/${rollback.id}/decide?token=${forged}.${signature}`,
      {
        body: 'decision=approve',
        contentType: 'application/x-www-form-urlencoded',
      },
    );
    expect(tampered.status).toBe(403);

    const noReason = await h.api.call('POST', url, {
      body: 'decision=reject',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(noReason.status).toBe(400);
    const decided = await h.api.call('POST', url, {
      body: 'decision=approve',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('rollback approved by link:olu');
    expect(h.rollbacks.map((r) => r.actor)).toEqual(['link:olu']);
    expect(
      (await listAudit(h.api.t.db, { launchId, action: 'approval.approved' }))[0]?.detail,
    ).toMatchObject({ via: 'link' });

    const reused = await h.api.call('POST', url, {
      body: 'decision=approve',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(reused.status).toBe(409);
    expect(reused.text).toContain('already used');
    expect((await h.api.call('GET', url)).status).toBe(409);

    const other = await rollbackProposal();
    const otherToken = signApprovalLink(env, {
      approvalId: other.rollback.id,
      personId: 'ana',
      expiresAt: other.rollback.deadline_at,
    });
    const wrongApproval = await h.api.call(
      'GET',
      `/v1/approvals/${rollback.id}/decide?token=${otherToken}`,
    );
    expect(wrongApproval.status).toBe(403);
    h.api.clock.advance(6 * minute);
    const expired = await h.api.call(
      'POST',
      `/v1/approvals/${other.rollback.id}/decide?token=${otherToken}`,
      {
        body: 'decision=approve',
        contentType: 'application/x-www-form-urlencoded',
      },
    );
    expect(expired.status).toBe(410);
    expect(h.rollbacks).toHaveLength(1);
  });
});
