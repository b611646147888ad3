import { z } from 'zod';
import { defineConnector } from '../../../connectors/connector-manifest.ts';
import { readSecret, secretEnvSchema } from '../../../connectors/connector-secrets.ts';
import { describeCheckFailure } from '../../../connectors/vendor-http.ts';
import { sendJson } from '../../step-http.ts';
import type { RunbookConnector } from '../runbook-connector.ts';

const launchDarklyConfig = z.strictObject({
  api_key_env: secretEnvSchema('LaunchDarkly API access token (writer)'),
  project_key: z.string().min(1),
  environment_key: z.string().min(1),
  api_url: z.url({ protocol: /^https?$/ }).default('https://app.launchdarkly.com'),
});

/**
 * LaunchDarkly REST API v2: `PATCH /api/v2/flags/{projectKey}/{flagKey}` with a semantic patch
 * (`Content-Type: application/json; domain-model=launchdarkly.semanticpatch`, body
 * `{environmentKey, comment, instructions}`) or a JSON patch (an array of operations, paths such
 * as `/environments/production/on`), the access token in `Authorization`.
 */
export const manifest = defineConnector({
  vendor: 'launchdarkly',
  kinds: ['deploy'],
  description: 'LaunchDarkly feature-flag updates (semantic patch) for traffic switches.',
  config: launchDarklyConfig,
  create(config, { connectorId, env }): RunbookConnector {
    const token = () =>
      readSecret(env, { connectorId, key: 'api_key_env', variable: config.api_key_env });
    const flagUrl = (flagKey: string) =>
      `${config.api_url}/api/v2/flags/${encodeURIComponent(config.project_key)}/${encodeURIComponent(flagKey)}`;
    return {
      async patchFlag(flagKey, patch, signal) {
        const semantic = 'instructions' in patch;
        const answer = await sendJson({
          vendor: 'launchdarkly',
          method: 'PATCH',
          url: flagUrl(flagKey),
          contentType: semantic
            ? 'application/json; domain-model=launchdarkly.semanticpatch'
            : 'application/json',
          headers: { authorization: token() },
          body: semantic
            ? {
                environmentKey: config.environment_key,
                ...(patch.comment ? { comment: patch.comment } : {}),
                instructions: patch.instructions,
              }
            : patch.jsonPatch,
          signal,
        });
        return { http_status: answer.status, flag: answer.json.key ?? flagKey };
      },
      async checkConnection() {
        try {
          const answer = await sendJson({
            vendor: 'launchdarkly',
            method: 'GET',
            url: `${config.api_url}/api/v2/projects/${encodeURIComponent(config.project_key)}`,
            headers: { authorization: token() },
            signal: AbortSignal.timeout(10_000),
          });
          return {
            ok: true,
            message: `project ${config.project_key} reachable (HTTP ${answer.status})`,
          };
        } catch (error) {
          return describeCheckFailure(error);
        }
      },
    };
  },
});
