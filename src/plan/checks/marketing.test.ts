import { describe, expect, it } from 'vitest';
import { problemsWithCode, validateChanged } from '../testing/plan-fixtures.ts';

describe('e-mail audience check', () => {
  it('rejects an e-mail campaign without an e-mail activation', () => {
    const result = validateChanged((plan) => {
      plan.activations = plan.activations.filter((activation) => activation.channel !== 'email');
    });
    expect(result.ok).toBe(false);
    expect(problemsWithCode(result, 'email_audience_missing')).toEqual([
      expect.objectContaining({ severity: 'error', path: ['activations'] }),
    ]);
  });

  it('rejects e-mail activations whose audiences are empty', () => {
    const result = validateChanged((plan) => {
      plan.audiences = [
        { id: 'waitlist', kind: 'list', connector: 'sendgrid', list_id: 'w', expected_size: 0 },
        { id: 'beta-users', kind: 'inline', members: [] },
      ];
    });
    expect(problemsWithCode(result, 'email_audience_empty').map((p) => p.path)).toEqual([
      ['activations', 0, 'audience'],
      ['activations', 6, 'audience'],
    ]);
    expect(problemsWithCode(result, 'email_audience_missing')).toHaveLength(1);
  });

  it('rejects an e-mail activation without an audience', () => {
    const result = validateChanged((plan) => {
      delete plan.activations[0]?.audience;
    });
    expect(problemsWithCode(result, 'email_audience_empty')[0]?.message).toBe(
      'an e-mail activation needs an audience',
    );
  });

  it('allows no e-mail activation when the campaign is off', () => {
    const result = validateChanged((plan) => {
      plan.parameters.email_campaign_enabled = false;
      plan.activations = plan.activations.filter((activation) => activation.channel !== 'email');
    });
    expect(result.ok).toBe(true);
  });
});

describe('ads budget check', () => {
  it('rejects paid ads without an approved budget', () => {
    const result = validateChanged((plan) => {
      plan.budget = { paid_ads: { approved: false } };
    });
    expect(problemsWithCode(result, 'ads_budget_not_approved')).toEqual([
      expect.objectContaining({ path: ['budget', 'paid_ads', 'approved'] }),
    ]);
  });

  it('rejects paid ads when the budget section is missing', () => {
    const result = validateChanged((plan) => {
      delete plan.budget;
    });
    expect(problemsWithCode(result, 'ads_budget_not_approved')).toHaveLength(1);
  });

  it('rejects an approved daily limit below paid_ads_budget', () => {
    const result = validateChanged((plan) => {
      plan.budget = { paid_ads: { approved: true, daily_limit_usd: 200 } };
    });
    expect(problemsWithCode(result, 'ads_budget_exceeded')).toHaveLength(1);
  });

  it('needs no budget when paid ads are off', () => {
    const result = validateChanged((plan) => {
      delete plan.budget;
      plan.parameters.paid_ads_enabled = false;
      plan.activations = plan.activations.filter((activation) => activation.channel !== 'ads');
    });
    expect(result.ok).toBe(true);
  });
});

describe('week-1 target check', () => {
  it('rejects a week-1 target below the day-1 target', () => {
    const result = validateChanged((plan) => {
      plan.parameters.target_users_day1 = 300;
      plan.parameters.target_users_week1 = 200;
    });
    expect(problemsWithCode(result, 'week1_target_below_day1')).toEqual([
      expect.objectContaining({ severity: 'error', path: ['parameters', 'target_users_week1'] }),
    ]);
  });

  it('warns about a week-1 target far above what day 1 and the channels can bring', () => {
    const result = validateChanged((plan) => {
      plan.parameters.target_users_day1 = 10;
      plan.parameters.target_users_week1 = 5000;
      delete plan.gtm;
    });
    expect(result.ok).toBe(true);
    expect(problemsWithCode(result, 'week1_target_unrealistic')[0]).toMatchObject({
      severity: 'warning',
      expected: expect.stringContaining('at most 105'),
    });
  });

  it('allows more week-1 users with more channels', () => {
    const result = validateChanged((plan) => {
      plan.parameters.target_users_day1 = 10;
      plan.parameters.target_users_week1 = 120;
      plan.parameters.social_channels = ['twitter', 'linkedin', 'facebook', 'instagram', 'reddit'];
      delete plan.gtm;
    });
    expect(problemsWithCode(result, 'week1_target_unrealistic')).toEqual([]);
  });

  it('rejects a week-1 target above the GTM month-1 target', () => {
    const result = validateChanged((plan) => {
      plan.gtm = { target_segment: 'x', users_month1: 80 };
    });
    expect(problemsWithCode(result, 'week1_target_above_gtm')).toHaveLength(1);
  });
});
