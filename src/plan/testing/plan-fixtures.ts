/**
 * Plans for tests: a valid plan to start from, and helpers to validate a changed copy.
 */
import { stringify } from 'yaml';
import { samplePlan } from '../init/sample-plan.ts';
import { type PlanResult, parsePlanText } from '../load.ts';
import type { Problem } from '../problem.ts';

/** A fixed "now" so that the sample plans' T0 is stable: 2026-05-01. */
export const fixtureNow = new Date('2026-05-01T00:00:00Z');

/** Plain data of a plan, loose enough to be broken on purpose. */
export type PlanData = Record<string, unknown> & {
  venture: Record<string, unknown>;
  parameters: Record<string, unknown>;
  people: Record<string, unknown>[];
  connectors: Record<string, unknown>[];
  monitors: Record<string, unknown>[];
  activations: Record<string, unknown>[];
  audiences: Record<string, unknown>[];
  templates: Record<string, unknown>[];
};

/**
 * A fresh, valid B2B plan (T0 Wednesday 2026-05-27 11:00 New York) as plain data.
 *
 * @example
 * const plan = validPlanData(); plan.venture.market_country = 'ZZ';
 */
export function validPlanData(): PlanData {
  return structuredClone(samplePlan('b2b_saas_launch', fixtureNow)) as unknown as PlanData;
}

/**
 * The smallest valid plan: one e-mail activation, one monitor, one-step runbooks, no ads.
 *
 * @example
 * parsePlanText(stringify(minimalPlanData()), 'plan.yaml').ok; // true
 */
export function minimalPlanData(): Record<string, unknown> {
  return {
    version: 1,
    venture: {
      id: 'tiny',
      name: 'Tiny',
      production_url: 'https://tiny.example',
      staging_url: 'https://staging.tiny.example',
      timezone: 'Europe/Paris',
      market_country: 'FR',
    },
    t0: '2026-06-09T10:00',
    parameters: { paid_ads_enabled: false },
    people: [
      { id: 'lea', name: 'Léa', roles: ['lead'], contact: { email: 'lea@tiny.example' } },
      { id: 'ops', name: 'Ops', roles: ['devops_oncall'], contact: { pagerduty: 'POPS001' } },
    ],
    connectors: [
      {
        id: 'mail',
        kind: 'email',
        vendor: 'smtp',
        config: {
          host: 'smtp.tiny.example',
          from: 'launch@tiny.example',
          password_env: 'SMTP_PASSWORD',
        },
      },
    ],
    monitors: [{ id: 'home', type: 'http', url: 'https://tiny.example/', interval: '30s' }],
    audiences: [{ id: 'beta', kind: 'inline', members: ['a@tiny.example'] }],
    templates: [{ id: 'hello', channel: 'email', subject: 'Hi', body: 'Tiny is live' }],
    activations: [
      {
        id: 'mail-beta',
        channel: 'email',
        at: 'T+15m',
        connector: 'mail',
        template: 'hello',
        audience: 'beta',
      },
    ],
    runbooks: {
      deploy: { strategy: 'rolling', steps: [{ id: 'roll', action: 'switch_traffic' }] },
      rollback: { steps: [{ id: 'back', action: 'revert_traffic' }] },
    },
  };
}

/** Validates plan data serialised as YAML. */
export function validateData(data: unknown, file = 'plan.yaml'): PlanResult {
  return parsePlanText(stringify(data), file);
}

/** Validates a changed copy of the valid plan. */
export function validateChanged(change: (plan: PlanData) => void): PlanResult {
  const plan = validPlanData();
  change(plan);
  return validateData(plan);
}

/** The problems with a code. */
export function problemsWithCode(result: PlanResult, code: string): Problem[] {
  return result.problems.filter((problem) => problem.code === code);
}
