import { describe, expect, it } from 'vitest';
import { problemsWithCode, validateChanged } from '../testing/plan-fixtures.ts';

describe('reference check', () => {
  it('reports an activation naming an undefined connector, template and audience', () => {
    const result = validateChanged((plan) => {
      plan.activations[0] = {
        ...plan.activations[0],
        connector: 'sendgird',
        template: 'nope',
        audience: 'waitlst',
      };
    });
    const dangling = problemsWithCode(result, 'dangling_reference');
    const byField = Object.fromEntries(dangling.map((problem) => [problem.path.at(-1), problem]));
    expect(Object.keys(byField).sort()).toEqual(['audience', 'connector', 'template']);
    expect(byField.connector).toMatchObject({
      path: ['activations', 0, 'connector'],
      suggestion: 'sendgrid',
      expected: expect.stringContaining('one of: sendgrid, slack'),
    });
    expect(byField.audience).toMatchObject({ suggestion: 'waitlist' });
    expect(byField.template?.suggestion).toBeUndefined();
  });

  it('reports runbook steps, trigger rules and roster shifts naming undefined ids', () => {
    const result = validateChanged((plan) => {
      const runbooks = plan.runbooks as { rollback: { steps: Record<string, unknown>[] } };
      runbooks.rollback.steps[0] = { ...runbooks.rollback.steps[0], connector: 'argo' };
      const triggers = plan.triggers as { rules: Record<string, unknown>[] };
      triggers.rules[0] = { ...triggers.rules[0], source: 'datadog', notify: ['bob'] };
      const support = plan.support as { roster: Record<string, unknown>[] };
      support.roster[0] = { ...support.roster[0], person: 'zoe' };
    });
    expect(problemsWithCode(result, 'dangling_reference').map((problem) => problem.path)).toEqual(
      expect.arrayContaining([
        ['runbooks', 'rollback', 'steps', 0, 'connector'],
        ['triggers', 'rules', 0, 'source'],
        ['triggers', 'rules', 0, 'notify', 0],
        ['support', 'roster', 0, 'person'],
      ]),
    );
  });
});

describe('people roles check', () => {
  it('requires a lead and a devops on-call', () => {
    const result = validateChanged((plan) => {
      for (const person of plan.people) person.roles = ['viewer'];
    });
    expect(problemsWithCode(result, 'missing_role').map((problem) => problem.message)).toEqual([
      "nobody has the role 'lead'; at least one person must have it",
      "nobody has the role 'devops_oncall'; at least one person must have it",
    ]);
  });
});

describe('duplicate id check', () => {
  it('reports the duplicate, not the first use, in every list', () => {
    const result = validateChanged((plan) => {
      plan.people.push({ ...plan.people[0] });
      plan.templates.push({ ...plan.templates[1] });
      const runbooks = plan.runbooks as { deploy: { steps: Record<string, unknown>[] } };
      runbooks.deploy.steps.push({ ...runbooks.deploy.steps[0] });
    });
    expect(problemsWithCode(result, 'duplicate_id').map((problem) => problem.path)).toEqual([
      ['people', 4, 'id'],
      ['templates', 12, 'id'],
      ['runbooks', 'deploy', 'steps', 5, 'id'],
    ]);
  });
});

describe('connector kind check', () => {
  it('rejects an e-mail activation sent through a chat connector', () => {
    const result = validateChanged((plan) => {
      plan.activations[0] = { ...plan.activations[0], connector: 'slack' };
    });
    expect(problemsWithCode(result, 'connector_kind_mismatch')).toEqual([
      expect.objectContaining({
        path: ['activations', 0, 'connector'],
        expected: 'a connector of kind email',
      }),
    ]);
  });

  it('rejects a social activation without a connector', () => {
    const result = validateChanged((plan) => {
      delete plan.activations[1]?.connector;
    });
    expect(problemsWithCode(result, 'missing_connector')).toHaveLength(1);
  });
});

describe('connector secrets check', () => {
  it('rejects a literal secret and suggests the _env key', () => {
    const result = validateChanged((plan) => {
      plan.connectors[0] = {
        ...plan.connectors[0],
        config: { api_key: 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz' },
      };
    });
    expect(problemsWithCode(result, 'literal_secret')).toEqual([
      expect.objectContaining({
        path: ['connectors', 0, 'config', 'api_key'],
        suggestion: 'api_key_env',
      }),
    ]);
  });

  it('rejects a secret-looking value under an innocent key', () => {
    const result = validateChanged((plan) => {
      plan.connectors[1] = {
        ...plan.connectors[1],
        config: { url: 'https://hooks.slack.com/services/T0/B0/xyz' },
      };
    });
    expect(problemsWithCode(result, 'literal_secret')).toHaveLength(1);
  });

  it('rejects an _env key that holds a value instead of a variable name', () => {
    const result = validateChanged((plan) => {
      plan.connectors[0] = { ...plan.connectors[0], config: { api_key_env: 'sk_live_123' } };
    });
    expect(problemsWithCode(result, 'invalid_env_name')).toHaveLength(1);
  });
});
