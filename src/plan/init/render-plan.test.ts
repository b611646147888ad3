import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../load.ts';
import { parameterNames } from '../parameters.ts';
import { presetNames } from '../presets.ts';
import { fixtureNow } from '../testing/plan-fixtures.ts';
import { renderPlan } from './render-plan.ts';

const schemaRef = '../schema/launch-plan.schema.json';

describe.each(presetNames)('init plan for %s', (preset) => {
  const text = renderPlan(preset, { now: fixtureNow, schemaRef });

  it('validates with no problem at all', () => {
    const result = parsePlanText(text, `${preset}.yaml`);
    expect(result.problems).toEqual([]);
    expect(result.plan?.preset).toBe(preset);
  });

  it('starts with the yaml-language-server schema comment', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaRef}`);
  });

  it('explains every parameter with its range', () => {
    for (const name of parameterNames) {
      expect(text, name).toMatch(new RegExp(`Range: .*\\n  (# )?${name}: `));
    }
  });

  it('picks a T0 on the preset weekday and avoids holidays in any season', () => {
    for (const month of [0, 6, 11]) {
      const now = new Date(Date.UTC(2026, month, 1));
      const result = parsePlanText(renderPlan(preset, { now, schemaRef }), 'plan.yaml');
      expect(result.problems, `from ${now.toISOString()}`).toEqual([]);
    }
  });
});

describe('examples', () => {
  it.each(['b2b-saas.yaml', 'consumer-app.yaml', 'developer-tool.yaml'])(
    '%s validates',
    async (name) => {
      const text = await readFile(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');
      const result = parsePlanText(text, name);
      expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );
});
