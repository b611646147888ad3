/** What every semantic check of a plan receives and returns. */
import type { ConnectorCatalog } from '../../connectors/connector-catalog.ts';
import type { ParameterValues } from '../parameters.ts';
import type { Finding } from '../problem.ts';
import type { LaunchPlan } from '../schema.ts';
import type { LaunchMoment } from './launch-moment.ts';

/**
 * The sections of the plan that passed schema validation (a section that failed is absent, so
 * checks never see invalid data), the resolved parameters when `parameters` and `preset` both
 * passed, T0 when `venture` and `t0` passed and T0 exists, and the connector catalog when the
 * caller loaded it (`connectorCatalog()` is asynchronous; without it configs are not checked).
 */
export type CheckContext = {
  plan: Partial<LaunchPlan>;
  parameters: ParameterValues | undefined;
  launch: LaunchMoment | undefined;
  catalog?: ConnectorCatalog | undefined;
};

/** A semantic check: the findings of one concern. */
export type PlanCheck = (context: CheckContext) => Finding[];

/** Most ids a message lists. */
const maxListed = 20;

/**
 * `one of: a, b, c`, or a note that there is nothing to choose from.
 *
 * @example
 * oneOf(['email', 'chat'], 'connectors'); // 'one of: email, chat'
 */
export function oneOf(ids: readonly string[], what: string): string {
  if (ids.length === 0) return `no ${what} are defined`;
  const shown = ids.slice(0, maxListed).join(', ');
  return `one of: ${shown}${ids.length > maxListed ? `, … (${ids.length - maxListed} more)` : ''}`;
}
