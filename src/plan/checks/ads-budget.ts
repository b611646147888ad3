/** Paid ads need an approved budget that covers the daily spend. */
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

/**
 * Errors when `paid_ads_enabled` is true but `budget.paid_ads.approved` is not, or the approved
 * daily limit is below `paid_ads_budget`.
 *
 * @example
 * checkAdsBudget(context); // [{ code: 'ads_budget_not_approved', path: ['budget', 'paid_ads', 'approved'], … }]
 */
export function checkAdsBudget({ plan, parameters }: CheckContext): Finding[] {
  if (!parameters?.paid_ads_enabled || !plan.budget) return [];
  const approval = plan.budget.paid_ads;
  if (!approval?.approved) {
    return [
      {
        severity: 'error',
        path: ['budget', 'paid_ads', 'approved'],
        code: 'ads_budget_not_approved',
        message: 'paid_ads_enabled is true but the paid-ads budget is not approved',
        expected: 'budget.paid_ads.approved: true (or paid_ads_enabled: false)',
      },
    ];
  }
  const limit = approval.daily_limit_usd;
  if (limit === undefined || limit >= parameters.paid_ads_budget) return [];
  return [
    {
      severity: 'error',
      path: ['budget', 'paid_ads', 'daily_limit_usd'],
      code: 'ads_budget_exceeded',
      message: `the approved daily limit ($${limit}) is below paid_ads_budget ($${parameters.paid_ads_budget}/day)`,
    },
  ];
}
