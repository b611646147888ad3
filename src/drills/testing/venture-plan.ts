/** The API test plan pointed at the example venture, for the incident e2e test and drills. */
import type { ExampleVenture } from '../../../examples/venture/start.ts';
import { samplePlanYaml } from '../../api/test-harness.ts';

/**
 * The sample plan with a monitor and the 4-step rollback of the example venture (traffic back to
 * v1, migrate down to 1, purge the cache, verify error_rate ≤ 1 % and uptime ≥ 99 % for 1 s),
 * only LAUNCH-001 enabled, and a PagerDuty (`PD_ROUTING_KEY`) and Slack (`slackUrlEnv`)
 * connector. `extraYaml` is appended (more connectors first: the plan ends with the list).
 *
 * @example
 * const yaml = ventureDrillPlanYaml(venture, { pagerDutyUrl: pd.url, slackUrlEnv: 'SLACK_URL' });
 */
export function ventureDrillPlanYaml(
  venture: ExampleVenture,
  options: { pagerDutyUrl: string; slackUrlEnv: string; extraYaml?: string },
): string {
  return `${samplePlanYaml
    .replace(
      'contact: { email: ana@example.com }',
      'contact: { email: ana@example.com, slack: U0ANALEAD }',
    )
    .replace(
      '  - { id: home, type: http, url: https://notes.example.com/ }\n',
      `  - { id: home, type: http, url: https://notes.example.com/ }\n  - { id: venture, type: http, url: ${venture.url}/healthz }\n`,
    )
    .replace(
      '  rollback:\n    steps: [{ id: revert, action: manual }]\n',
      `  rollback:
    steps:
      - { id: revert-traffic, action: revert_traffic, timeout: 30s, params: { url: "${venture.url}/admin/traffic", version: v1 } }
      - id: migrate-down
        action: rollback_migrations
        params: { executable: "${process.execPath}", to_version: 1 }
        args: ["${venture.migrateScript}", "--data-dir", "${venture.dataDir}"]
      - { id: purge, action: purge_cache, params: { url: "${venture.url}/admin/cache/purge" } }
      - { id: verify, action: verify_metrics, timeout: 30s, params: { error_rate_max: 1, uptime_min: 99, hold: 1s, poll: 1s } }
`,
    )}triggers:
  builtin:
    LAUNCH-002: { enabled: false }
    LAUNCH-003: { enabled: false }
    LAUNCH-004: { enabled: false }
connectors:
  - { id: pagerduty, kind: paging, vendor: pagerduty, config: { routing_key_env: PD_ROUTING_KEY, events_url: "${options.pagerDutyUrl}/v2/enqueue" } }
  - { id: slack, kind: chat, vendor: slack, config: { webhook_url_env: ${options.slackUrlEnv} } }
${options.extraYaml ?? ''}`;
}
