import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTo } from '../../examples/venture/migrate.ts';
import type { VentureState } from '../../examples/venture/server.ts';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { listAudit } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { startRunbook } from './runbook-executor.ts';
import { getRunbookRun } from './runbook-store.ts';
import { openRunbookQueue, waitForRunEnd } from './testing/runbook-harness.ts';
import { ventureRollback } from './testing/venture-rollback.ts';

const targetKills = 50;
const workerScript = join(import.meta.dirname, 'testing', 'runbook-worker.ts');

/** A worker process, connected and waiting for `go` (so its start-up is not on the clock). */
interface IdleWorker {
  process: ChildProcess;
  /** Starts running jobs; resolves once it has. */
  go(): Promise<void>;
}

async function spawnWorker(url: string, ventureUrl: string): Promise<IdleWorker> {
  const child = spawn(process.execPath, [workerScript, url, ventureUrl], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  });
  const waitForLine = async (line: string) => {
    while (!lines.includes(line)) {
      if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode})`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  child.once('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  await waitForLine('ready');
  return {
    process: child,
    async go() {
      child.stdin?.write('go\n');
      await waitForLine('started');
    },
  };
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a runbook whose worker is killed again and again', () => {
  let t: TestDatabase;
  let venture: ExampleVenture;
  let queue: JobQueue;

  beforeAll(async () => {
    t = await createTestDatabase();
    venture = await startExampleVenture();
    await fetch(`${venture.url}/admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ admin_latency_ms: 80 }),
    });
    queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: false });
  });
  afterAll(async () => {
    await queue.stop();
    await venture.stop();
    await t.drop();
  });

  it(`performs every step exactly once across ${targetKills} kill -9s`, {
    timeout: 180_000,
  }, async () => {
    const rounds: { runId: string; before: VentureState }[] = [];
    const interrupted = new Map<string, number>();
    const startRound = async () => {
      await fetch(`${venture.url}/admin/traffic`, { method: 'POST', body: '{"version":"v2"}' });
      migrateTo(venture.dataDir, 2);
      const before = await venture.state();
      const { runId } = await startRunbook(
        t.db,
        {
          clock: systemClock,
          queue,
          runbooks: async () => ventureRollback(venture, { holdMs: 50, pollMs: 25 }),
        },
        { launchId: null, runbookId: 'rollback', reason: 'crash test', actor: 'token:test' },
      );
      rounds.push({ runId, before });
    };
    const checkRound = async (round: { runId: string; before: VentureState }) => {
      const run = await waitForRunEnd(t.db, round.runId, 30_000);
      expect(run.state).toBe('succeeded');
      expect(run.steps.map((step) => [step.stepId, step.state, step.error])).toEqual(
        ['traffic', 'migrate-down', 'purge', 'verify'].map((id) => [id, 'succeeded', null]),
      );
      const after = await venture.state();
      expect(after.traffic).toBe('v1');
      expect(after.trafficSwitches - round.before.trafficSwitches).toBe(1);
      expect(after.purges - round.before.purges).toBe(1);
      expect(after.migrationLog.slice(round.before.migrationLog.length)).toEqual(['down 2']);
      expect(after.schemaVersion).toBe(1);
    };

    let kills = 0;
    const goTimes: number[] = [];
    await startRound();
    // Workers start up ahead of time, so that kills, not start-ups, take the time.
    const spare = [0, 1, 2].map(() => spawnWorker(t.url, venture.url));
    const nextWorker = () => {
      spare.push(spawnWorker(t.url, venture.url));
      return spare.shift() as Promise<IdleWorker>;
    };
    // A worker lives a random 0–500 ms; when lives that short made no progress (a step that
    // spawns a process outlasts them on a loaded machine), the next lives get longer.
    let lifeMs = 500;
    let doneBefore = 0;
    while (kills < targetKills) {
      const worker = await nextWorker();
      const goAt = performance.now();
      await worker.go();
      goTimes.push(performance.now() - goAt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * lifeMs));
      const current = rounds.at(-1);
      const run = current && (await getRunbookRun(t.db, current.runId));
      await killHard(worker.process);
      if (run?.state === 'running') {
        kills += 1;
        const step = run.steps.find((candidate) => candidate.state === 'running');
        if (step) interrupted.set(step.stepId, (interrupted.get(step.stepId) ?? 0) + 1);
        const done = run.steps.filter((candidate) => candidate.state === 'succeeded').length;
        lifeMs = done > doneBefore ? 500 : Math.min(lifeMs * 2, 8_000);
        doneBefore = done;
      }
      const ended = current && (await getRunbookRun(t.db, current.runId));
      if (current && ended?.state !== 'running') {
        await checkRound(current);
        await startRound();
        lifeMs = 500;
        doneBefore = 0;
      }
    }
    const last = await nextWorker();
    await last.go();
    const current = rounds.at(-1);
    if (current) await checkRound(current);
    await killHard(last.process);
    for (const idle of spare) await killHard((await idle).process);

    expect(kills).toBe(targetKills);
    expect(rounds.length).toBeGreaterThan(1);
    // Kills landed in the middle of every kind of step, not only between steps.
    expect([...interrupted.keys()].sort()).toEqual(['migrate-down', 'purge', 'traffic', 'verify']);
    const finished = await listAudit(t.db, { action: 'runbook.step.finished', limit: 1000 });
    expect(finished).toHaveLength(rounds.length * 4);
    for (const { runId } of rounds) {
      const steps = finished
        .filter((row) => row.subject_id === runId)
        .map((row) => (row.detail as { step: string }).step)
        .sort();
      expect(steps).toEqual(['migrate-down', 'purge', 'traffic', 'verify']);
    }
  });
});
