import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { systemClock } from '../clock/clock.ts';
import { setRunbookDependencies } from './runbook-dependencies.ts';
import { startRunbook } from './runbook-executor.ts';
import type { RunbookSpecInput } from './runbook-spec.ts';
import { stepEffectKey } from './step-performers.ts';
import {
  openRunbookQueue,
  scriptedMetricReader,
  waitForRunEnd,
} from './testing/runbook-harness.ts';

/** Starts a one-command run and leaves its effect `sending`, as a worker killed mid-command does. */
async function interruptedRun(t: TestDatabase, spec: RunbookSpecInput): Promise<string> {
  const producer = await openRunbookQueue(t.url, t.db, systemClock, { workers: false });
  const { runId } = await startRunbook(
    t.db,
    { clock: systemClock, queue: producer, runbooks: async () => spec },
    { launchId: null, runbookId: 'rollback', reason: 'test', actor: 'token:test' },
  );
  await producer.stop();
  await t.db
    .insertInto('deliveries')
    .values({
      key: stepEffectKey(runId, 'append'),
      channel: 'runbook.command',
      state: 'sending',
      request: '{}',
      created_at: systemClock.now(),
      updated_at: systemClock.now(),
    })
    .execute();
  return runId;
}

describe('a command step whose worker died mid-command', () => {
  let t: TestDatabase;
  let dir: string;
  const append = (file: string, idempotent: boolean): RunbookSpecInput => ({
    steps: [
      {
        id: 'append',
        type: 'command',
        executable: process.execPath,
        args: ['-e', `require('node:fs').appendFileSync(${JSON.stringify(join(dir, file))}, 'x')`],
        idempotent,
      },
    ],
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'runbook-'));
    setRunbookDependencies({
      metrics: scriptedMetricReader({}),
      env: {},
      allowedExecutables: [process.execPath],
    });
  });
  afterAll(async () => {
    setRunbookDependencies(null);
    await t.drop();
  });

  it('is not run again unless it is idempotent: the step fails for a person to check', async () => {
    const unsafe = await interruptedRun(t, append('unsafe.txt', false));
    const safe = await interruptedRun(t, append('safe.txt', true));
    const queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
    try {
      const unsafeRun = await waitForRunEnd(t.db, unsafe);
      expect(unsafeRun.state).toBe('failed');
      expect(unsafeRun.steps[0]?.error).toContain('stopped mid-step; it is not idempotent');
      expect(existsSync(join(dir, 'unsafe.txt'))).toBe(false);

      expect((await waitForRunEnd(t.db, safe)).state).toBe('succeeded');
      expect(readFileSync(join(dir, 'safe.txt'), 'utf8')).toBe('x');
    } finally {
      await queue.stop();
    }
  });
});
