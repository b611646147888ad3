/**
 * The week-1 user target must be realistic against the day-1 target and the channels.
 *
 * Rule: day 1 is normally a launch's biggest day, so week 1 is at least day 1 and at most seven
 * days of day-1 acquisition, scaled up by the channels that keep acquiring after launch day:
 * `week1 ≤ day1 × 7 × max(1, channels / 4)`, where channels counts each social channel, each
 * ad platform (when ads are on), e-mail, PR, community and influencers (when on). Below day 1
 * is an error; above the ceiling is a warning. A week-1 target above the GTM month-1 target
 * is an error.
 */
import type { ParameterValues } from '../parameters.ts';
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

/** Number of acquisition channels the parameters switch on. */
function acquisitionChannelCount(parameters: ParameterValues): number {
  const flags = [
    parameters.email_campaign_enabled,
    parameters.pr_outreach_enabled,
    parameters.community_launch_enabled,
    parameters.influencer_outreach_enabled,
  ];
  return (
    parameters.social_channels.length +
    (parameters.paid_ads_enabled ? parameters.paid_ads_platforms.length : 0) +
    flags.filter(Boolean).length
  );
}

/** The largest realistic week-1 target for the parameters. */
function realisticWeek1Ceiling(parameters: ParameterValues): number {
  return Math.round(
    parameters.target_users_day1 * 7 * Math.max(1, acquisitionChannelCount(parameters) / 4),
  );
}

/**
 * Findings on `target_users_week1` against `target_users_day1`, the channels and the GTM plan.
 *
 * @example
 * checkWeek1Target(context); // [{ code: 'week1_target_unrealistic', severity: 'warning', … }]
 */
export function checkWeek1Target({ plan, parameters }: CheckContext): Finding[] {
  if (!parameters) return [];
  const path = ['parameters', 'target_users_week1'];
  const { target_users_day1: day1, target_users_week1: week1 } = parameters;
  const findings: Finding[] = [];
  const ceiling = realisticWeek1Ceiling(parameters);
  if (week1 < day1) {
    findings.push({
      severity: 'error',
      path,
      code: 'week1_target_below_day1',
      message: `target_users_week1 (${week1}) is below target_users_day1 (${day1})`,
      expected: `at least ${day1}`,
    });
  } else if (week1 > ceiling) {
    findings.push({
      severity: 'warning',
      path,
      code: 'week1_target_unrealistic',
      message: `target_users_week1 (${week1}) is more than ${acquisitionChannelCount(parameters)} channels can plausibly bring on top of a day 1 of ${day1}`,
      expected: `at most ${ceiling} (day1 × 7 × max(1, channels / 4)), or raise target_users_day1 or add channels`,
    });
  }
  const month1 = plan.gtm?.users_month1;
  if (month1 !== undefined && week1 > month1) {
    findings.push({
      severity: 'error',
      path,
      code: 'week1_target_above_gtm',
      message: `target_users_week1 (${week1}) is above the GTM month-1 target gtm.users_month1 (${month1})`,
    });
  }
  return findings;
}
