import type { ExampleVenture } from '../../../examples/venture/start.ts';
import type { RunbookSpecInput } from '../runbook-spec.ts';

/**
 * The example venture's 4-step rollback: traffic back to v1 → migration down to 1 → cache
 * purge → verify the error rate is 0 for `holdMs`.
 *
 * @example
 * const spec = ventureRollback(venture, { holdMs: 1000, pollMs: 100 });
 */
export function ventureRollback(
  venture: ExampleVenture,
  verify: { holdMs: number; pollMs: number },
): RunbookSpecInput {
  return {
    steps: [
      { id: 'traffic', type: 'traffic', url: `${venture.url}/admin/traffic`, version: 'v1' },
      {
        id: 'migrate-down',
        type: 'db_migration',
        executable: process.execPath,
        args: [venture.migrateScript, '--data-dir', venture.dataDir],
        to_version: 1,
      },
      { id: 'purge', type: 'cdn_purge', url: `${venture.url}/admin/cache/purge` },
      {
        id: 'verify',
        type: 'verify',
        metrics: [{ name: 'error_rate', max: 0 }],
        hold_ms: verify.holdMs,
        poll_ms: verify.pollMs,
      },
    ],
  };
}
