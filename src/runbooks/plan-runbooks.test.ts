import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ExampleVenture, startExampleVenture } from '../../examples/venture/start.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { systemClock } from '../clock/clock.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { parsePlanText } from '../plan/load.ts';
import { minimalPlanData } from '../plan/testing/plan-fixtures.ts';
import { planRunbooks, runbookFromPlan } from './plan-runbooks.ts';
import { setRunbookDependencies } from './runbook-dependencies.ts';
import { startRunbook } from './runbook-executor.ts';
import { getRunbookRun } from './runbook-store.ts';
import {
  openRunbookQueue,
  scriptedMetricReader,
  waitForRunEnd,
} from './testing/runbook-harness.ts';

const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';

describe('runbooks from the plan', () => {
  let t: TestDatabase;
  let queue: JobQueue;
  let venture: ExampleVenture;
  let launchId: string;

  const rollbackSteps = (ventureUrl: string, migrateScript: string, dataDir: string) => [
    {
      id: 'revert-traffic',
      action: 'revert_traffic',
      timeout: '30s',
      retries: 2,
      retry_backoff: '1s',
      params: { url: `${ventureUrl}/admin/traffic`, version: 'v1' },
    },
    {
      id: 'migrate-down',
      action: 'rollback_migrations',
      params: { executable: process.execPath, to_version: 1 },
      args: [migrateScript, '--data-dir', dataDir],
    },
    { id: 'purge', action: 'purge_cache', params: { url: `${ventureUrl}/admin/cache/purge` } },
    {
      id: 'verify',
      action: 'verify_metrics',
      on_failure: 'escalate',
      params: { error_rate_max: 0.01, uptime_min: 99, hold: '0s', poll: '1s' },
    },
  ];

  beforeAll(async () => {
    t = await createTestDatabase();
    venture = await startExampleVenture();
    setRunbookDependencies({
      metrics: scriptedMetricReader({ error_rate: [0.001], uptime: [100] }),
      env: {},
      allowedExecutables: [process.execPath],
    });
    queue = await openRunbookQueue(t.url, t.db, systemClock, { workers: true });
    const plan = minimalPlanData();
    plan.runbooks = {
      deploy: { strategy: 'rolling', steps: [{ id: 'approve', action: 'manual' }] },
      rollback: { steps: rollbackSteps(venture.url, venture.migrateScript, venture.dataDir) },
    };
    const { launch } = await createLaunch(
      { db: t.db, clock: systemClock },
      { planYaml: stringify(plan), actor: 'token:test' },
    );
    launchId = launch.id;
  });
  afterAll(async () => {
    await queue.stop();
    setRunbookDependencies(null);
    await venture.stop();
    await t.drop();
  });

  it('accepts retries, backoff and on_failure on plan steps and rejects unknown policies', () => {
    const plan = minimalPlanData();
    plan.runbooks = {
      deploy: { strategy: 'rolling', steps: [{ id: 'a', action: 'switch_traffic' }] },
      rollback: { steps: rollbackSteps('http://x', 'm.ts', '/d') },
    };
    expect(parsePlanText(stringify(plan), 'plan.yaml').ok).toBe(true);
    (plan.runbooks as { rollback: { steps: Record<string, unknown>[] } }).rollback.steps[0] = {
      id: 'bad',
      action: 'revert_traffic',
      on_failure: 'ignore',
    };
    const result = parsePlanText(stringify(plan), 'plan.yaml');
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.path.join('.'))).toContain(
      'runbooks.rollback.steps.0.on_failure',
    );
  });

  it("runs the launch's rollback runbook against the example venture", async () => {
    const { runId } = await startRunbook(
      t.db,
      { clock: systemClock, queue, runbooks: planRunbooks },
      { launchId, runbookId: 'rollback', reason: 'LAUNCH-001 fired', actor: 'token:ana' },
    );
    const run = await waitForRunEnd(t.db, runId);
    expect(run).toMatchObject({
      launchId,
      runbookId: 'rollback',
      state: 'succeeded',
      dryRun: false,
    });
    expect(
      run.spec.steps.map((step) => [step.type, step.timeout_ms, step.retries, step.on_failure]),
    ).toEqual([
      ['traffic', 30_000, 2, 'stop'],
      ['db_migration', 300_000, 0, 'stop'],
      ['cdn_purge', 300_000, 0, 'stop'],
      ['verify', 300_000, 0, 'escalate'],
    ]);
    expect(run.steps[3]?.output).toBe('within thresholds for 0 ms: error_rate=0.001, uptime=100');
    expect(await venture.state()).toMatchObject({ traffic: 'v1', purges: 1, schemaVersion: 1 });
  });

  it("starts nothing when the caller's transaction rolls back", async () => {
    let runId = '';
    await expect(
      t.db.transaction().execute(async (trx) => {
        ({ runId } = await startRunbook(
          trx,
          { clock: systemClock, queue, runbooks: planRunbooks },
          { launchId, runbookId: 'rollback', reason: 'approved', actor: 'token:ana' },
        ));
        throw new Error('approval failed to commit');
      }),
    ).rejects.toThrow('approval failed to commit');
    expect(runId).not.toBe('');
    expect(await getRunbookRun(t.db, runId)).toBeUndefined();
    expect(await queue.pendingCount()).toBe(0);
  });

  it('refuses runbooks with steps only a person can do, and unknown runbooks', async () => {
    const deps = { clock: systemClock, queue, runbooks: planRunbooks };
    await expect(
      startRunbook(t.db, deps, { launchId, runbookId: 'deploy', reason: 'r', actor: 'a' }),
    ).rejects.toThrow("step 'approve': action 'manual' is done by a person");
    await expect(
      startRunbook(t.db, deps, { launchId, runbookId: 'teardown', reason: 'r', actor: 'a' }),
    ).rejects.toThrow("the plan has no runbook 'teardown'");
  });

  it('copies the connectors the steps name from the plan', async () => {
    const plan = minimalPlanData();
    plan.connectors = [
      ...(plan.connectors as object[]),
      {
        id: 'edge',
        kind: 'cdn',
        vendor: 'cloudflare',
        config: { api_token_env: 'CF_TOKEN', zone_id: zoneId },
      },
    ];
    plan.runbooks = {
      deploy: { strategy: 'rolling', steps: [{ id: 'roll', action: 'switch_traffic' }] },
      rollback: { steps: [{ id: 'purge', action: 'purge_cdn', connector: 'edge' }] },
    };
    const parsed = parsePlanText(stringify(plan), 'plan.yaml');
    if (!parsed.plan) throw new Error('plan invalid');
    const { runbookFromPlan } = await import('./plan-runbooks.ts');
    expect(runbookFromPlan(parsed.plan, 'rollback')).toEqual({
      steps: [{ id: 'purge', timeout_ms: 300_000, type: 'cdn_purge', connector: 'edge' }],
      connectors: [
        {
          id: 'edge',
          kind: 'cdn',
          vendor: 'cloudflare',
          config: { api_token_env: 'CF_TOKEN', zone_id: zoneId },
        },
      ],
    });
  });

  it('expands a canary into one weight step and one analysis step per weight, dropping declare_live', () => {
    const plan = minimalPlanData();
    const canary = (params: Record<string, string>, connector?: string) => ({
      strategy: 'canary',
      canary_weights: [5, 50, 100],
      analysis_interval: '2m',
      steps: [
        {
          id: 'canary',
          action: 'set_canary_weight',
          ...(connector ? { connector } : {}),
          timeout: '1m',
          params,
        },
        { id: 'live', action: 'declare_live' },
      ],
    });
    const rollback = {
      steps: [{ id: 'purge', action: 'purge_cdn', params: { url: 'https://v.example/purge' } }],
    };
    plan.runbooks = {
      deploy: canary({ url: 'https://v.example/admin/traffic', version: 'v2' }),
      rollback,
    };
    const http = parsePlanText(stringify(plan), 'plan.yaml');
    if (!http.plan) throw new Error(JSON.stringify(http.problems));
    const steps = runbookFromPlan(http.plan, 'deploy').steps;
    expect(steps.map((step) => step.id)).toEqual([
      'canary-5',
      'canary-5-analysis',
      'canary-50',
      'canary-50-analysis',
      'canary-100',
      'canary-100-analysis',
    ]);
    expect(steps[0]).toEqual({
      id: 'canary-5',
      timeout_ms: 60_000,
      type: 'traffic',
      url: 'https://v.example/admin/traffic',
      version: 'v2',
      weight: 5,
    });
    expect(steps[3]).toEqual({
      id: 'canary-50-analysis',
      type: 'canary_analysis',
      weight: 50,
      analysis_ms: 120_000,
      timeout_ms: 420_000,
    });

    // A LaunchDarkly canary: the same plan with the flag's variation ids instead of a URL.
    const [httpCanary] = http.plan.runbooks.deploy.steps;
    if (!httpCanary) throw new Error('no canary step');
    const flagPlan = structuredClone(http.plan);
    flagPlan.runbooks.deploy.steps = [
      {
        ...httpCanary,
        connector: 'flags',
        params: {
          flag_key: 'new-checkout',
          canary_variation_id: 'var-on',
          stable_variation_id: 'var-off',
        },
      },
    ];
    expect(runbookFromPlan(flagPlan, 'deploy').steps[2]).toEqual({
      id: 'canary-50',
      timeout_ms: 60_000,
      type: 'traffic',
      connector: 'flags',
      flag_key: 'new-checkout',
      instructions: [
        {
          kind: 'updateFallthroughVariationOrRollout',
          rolloutWeights: { 'var-on': 50_000, 'var-off': 50_000 },
        },
      ],
    });
  });
});
