import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { alertChannelManifests } from '../alerts/channels/alert-channel.ts';
import { metricSourceManifests } from '../metrics/sources/metric-source-registry.ts';
import { parsePlanText } from '../plan/load.ts';
import { validPlanData } from '../plan/testing/plan-fixtures.ts';

/** The connectors the README shows, one per vendor with a manifest. */
const documentedConnectors = [
  {
    id: 'slack-alerts',
    kind: 'chat',
    vendor: 'slack',
    config: { webhook_url_env: 'SLACK_ALERTS_WEBHOOK_URL' },
  },
  {
    id: 'pd',
    kind: 'paging',
    vendor: 'pagerduty',
    config: { routing_key_env: 'PAGERDUTY_ROUTING_KEY' },
  },
  {
    id: 'alert-mail',
    kind: 'email',
    vendor: 'smtp',
    config: {
      host: 'smtp.acme.example',
      port: 587,
      require_tls: true,
      user: 'alerts@acme.example',
      password_env: 'SMTP_PASSWORD',
      from: 'launchcrew@acme.example',
      to: ['launch-team@acme.example'],
    },
  },
  {
    id: 'ops-bot',
    kind: 'chat',
    vendor: 'webhook',
    config: { url: 'https://bot.acme.example/launchcrew', secret_env: 'OPS_BOT_WEBHOOK_SECRET' },
  },
  {
    id: 'prom',
    kind: 'metric_source',
    vendor: 'prometheus',
    config: { base_url: 'https://prometheus.acme.example', timeout_seconds: 5 },
  },
  {
    id: 'dd',
    kind: 'metric_source',
    vendor: 'datadog',
    config: { site: 'datadoghq.eu', api_key_env: 'DD_API_KEY', app_key_env: 'DD_APP_KEY' },
  },
] as const;

const allManifests = async () => [
  ...(await alertChannelManifests()),
  ...(await metricSourceManifests()),
];

describe('connector manifests', () => {
  it('are found from their folders', async () => {
    expect((await alertChannelManifests()).map((m) => m.vendor)).toEqual([
      'pagerduty',
      'slack',
      'smtp',
      'webhook',
    ]);
  });

  it('mark every "_env" config key as a secret', async () => {
    for (const manifest of await allManifests()) {
      const shape = (manifest.config as z.ZodObject).shape;
      const envKeys = Object.keys(shape).filter((key) => key.endsWith('_env'));
      expect(envKeys.length, manifest.vendor).toBeGreaterThan(0);
      for (const key of envKeys) {
        const field = shape[key] as z.ZodType;
        const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
        expect(inner.meta()?.secret, `${manifest.vendor}.${key}`).toBe(true);
      }
    }
  });

  it('accept the documented configs, which are also valid in a plan', async () => {
    const manifests = await allManifests();
    for (const connector of documentedConnectors) {
      const manifest = manifests.find((m) => m.vendor === connector.vendor);
      expect(manifest?.kinds, connector.vendor).toContain(connector.kind);
      expect(manifest?.config.safeParse(connector.config).success, connector.vendor).toBe(true);
    }
    const plan = validPlanData();
    plan.connectors.push(...documentedConnectors.map((connector) => ({ ...connector })));
    const result = parsePlanText(stringify(plan), 'plan.yaml');
    expect(result.problems.filter((problem) => problem.path[0] === 'connectors')).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
