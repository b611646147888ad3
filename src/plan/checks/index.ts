/**
 * The semantic checks of a launch plan (SPEC §1 31.1 "config validation"), one concern each.
 */

import type { ConnectorCatalog } from '../../connectors/connector-catalog.ts';
import type { Finding } from '../problem.ts';
import { parameterValuesOf, resolveParameters } from '../resolve.ts';
import type { LaunchPlan, PlanSectionName } from '../schema.ts';
import { checkAdsBudget } from './ads-budget.ts';
import { checkAvoidedMonth } from './avoided-month.ts';
import type { PlanCheck } from './check.ts';
import { checkConnectorConfig } from './connector-config.ts';
import { checkConnectorKinds } from './connector-kinds.ts';
import { checkConnectorSecrets } from './connector-secrets.ts';
import { checkDuplicateIds } from './duplicate-ids.ts';
import { checkEmailAudience } from './email-audience.ts';
import { launchMomentOf } from './launch-moment.ts';
import { checkLaunchSlot } from './launch-slot.ts';
import { checkMonitoringWindow } from './monitoring-window.ts';
import { checkPeopleRoles } from './people-roles.ts';
import { checkPublicHoliday } from './public-holiday.ts';
import { checkReferences } from './references.ts';
import { checkT0Exists } from './t0-exists.ts';
import { checkThresholdOrder } from './threshold-order.ts';
import { checkWeek1Target } from './week1-target.ts';

/** Every semantic check, in the order their findings are most useful. */
const planChecks: readonly PlanCheck[] = [
  checkDuplicateIds,
  checkReferences,
  checkConnectorKinds,
  checkConnectorConfig,
  checkConnectorSecrets,
  checkPeopleRoles,
  checkT0Exists,
  checkPublicHoliday,
  checkAvoidedMonth,
  checkLaunchSlot,
  checkEmailAudience,
  checkAdsBudget,
  checkWeek1Target,
  checkThresholdOrder,
  checkMonitoringWindow,
];

/** What the checks may use besides the plan; loaded asynchronously by the caller. */
export type PlanCheckOptions = {
  /** Every connector manifest (`connectorCatalog()`); connector configs are checked with it. */
  catalog?: ConnectorCatalog | undefined;
};

/**
 * Runs every check on the sections of a plan that passed schema validation (`invalidSections`
 * names those that did not; they are left out of `plan`). Parameters are resolved
 * (plan → preset → default) unless `parameters` or `preset` is invalid; checks that need them
 * are skipped then. Connector configs are checked only when `options.catalog` is given.
 *
 * @example
 * runPlanChecks(plan); // every finding of a schema-valid plan
 * runPlanChecks(plan, new Set(), { catalog: await connectorCatalog() }); // and connector configs
 * runPlanChecks({ venture, t0 }, new Set(['parameters'])); // timing checks without parameters
 */
export function runPlanChecks(
  plan: Partial<LaunchPlan>,
  invalidSections: ReadonlySet<PlanSectionName> = new Set(),
  options: PlanCheckOptions = {},
): Finding[] {
  const parametersUsable = !invalidSections.has('parameters') && !invalidSections.has('preset');
  const parameters = parametersUsable ? parameterValuesOf(resolveParameters({ plan })) : undefined;
  const launch = launchMomentOf(plan);
  return planChecks.flatMap((check) =>
    check({ plan, parameters, launch, catalog: options.catalog }),
  );
}
