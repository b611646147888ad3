/** A connector used somewhere must be of a kind that can do the job. */
import type { Finding, PlanPath } from '../problem.ts';
import type { LaunchPlan } from '../schema.ts';
import type { ActivationChannel } from '../sections/activations.ts';
import type { ConnectorKind } from '../sections/connectors.ts';
import type { CheckContext } from './check.ts';

/** Connector kinds that can deliver each activation channel; absent: any kind, or manual. */
const channelKinds: Partial<Record<ActivationChannel, readonly ConnectorKind[]>> = {
  email: ['email'],
  social: ['social'],
  ads: ['ads'],
  chat: ['chat'],
  status_page: ['status_page'],
  press: ['email', 'social'],
  community: ['social', 'chat'],
};

/** Channels that cannot be done by hand: their activations need a connector. */
const channelsNeedingConnector: readonly ActivationChannel[] = [
  'email',
  'social',
  'ads',
  'chat',
  'status_page',
];

const stepActionKinds: Partial<Record<string, readonly ConnectorKind[]>> = {
  update_dns: ['dns'],
  revert_dns: ['dns'],
  purge_cdn: ['cdn'],
};

type Use = {
  path: PlanPath;
  connector: string | undefined;
  kinds: readonly ConnectorKind[] | undefined;
};

function usesOf(plan: Partial<LaunchPlan>): Use[] {
  const steps = (which: 'deploy' | 'rollback') =>
    (plan.runbooks?.[which].steps ?? []).map((step, index) => ({
      path: ['runbooks', which, 'steps', index, 'connector'],
      connector: step.connector,
      kinds: stepActionKinds[step.action],
    }));
  return [
    ...(plan.activations ?? []).map((activation, index) => ({
      path: ['activations', index, 'connector'],
      connector: activation.connector,
      kinds: channelKinds[activation.channel],
    })),
    ...(plan.audiences ?? []).map((audience, index) => ({
      path: ['audiences', index, 'connector'],
      connector: audience.kind === 'list' ? audience.connector : undefined,
      kinds: ['email'] as const,
    })),
    ...(plan.metric_sources ?? []).map((source, index) => ({
      path: ['metric_sources', index, 'connector'],
      connector: source.mode === 'query' ? source.connector : undefined,
      kinds: ['metric_source'] as const,
    })),
    ...steps('deploy'),
    ...steps('rollback'),
    { path: ['support', 'ticketing'], connector: plan.support?.ticketing, kinds: ['ticketing'] },
  ];
}

function missingConnectors(plan: Partial<LaunchPlan>): Finding[] {
  return (plan.activations ?? []).flatMap((activation, index): Finding[] =>
    activation.connector === undefined && channelsNeedingConnector.includes(activation.channel)
      ? [
          {
            severity: 'error',
            path: ['activations', index],
            code: 'missing_connector',
            message: `a ${activation.channel} activation needs a connector`,
            expected: `a connector of kind ${(channelKinds[activation.channel] ?? []).join(' or ')}`,
          },
        ]
      : [],
  );
}

/**
 * Errors for connectors of the wrong kind (an e-mail activation sent through a chat connector)
 * and for activations that need a connector but have none.
 *
 * @example
 * checkConnectorKinds(context); // [{ code: 'connector_kind_mismatch', … }]
 */
export function checkConnectorKinds({ plan }: CheckContext): Finding[] {
  if (!plan.connectors) return [];
  const kindOf = new Map(plan.connectors.map((connector) => [connector.id, connector.kind]));
  const mismatches = usesOf(plan).flatMap(({ path, connector, kinds }): Finding[] => {
    const kind = connector === undefined ? undefined : kindOf.get(connector);
    if (kind === undefined || kinds === undefined || kinds.includes(kind)) return [];
    return [
      {
        severity: 'error',
        path,
        code: 'connector_kind_mismatch',
        message: `connector '${connector}' is of kind ${kind}`,
        expected: `a connector of kind ${kinds.join(' or ')}`,
      },
    ];
  });
  return [...missingConnectors(plan), ...mismatches];
}
