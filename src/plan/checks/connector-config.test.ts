import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connectorCatalog } from '../../connectors/connector-catalog.ts';
import { renderPlan } from '../init/render-plan.ts';
import { parsePlanText } from '../load.ts';
import { presetNames } from '../presets.ts';
import { fixtureNow, type PlanData, validPlanData } from '../testing/plan-fixtures.ts';

const catalog = await connectorCatalog();

/** Validates a changed copy of the sample B2B plan with the connector catalog. */
function validateWithCatalog(change: (plan: PlanData) => void) {
  const plan = validPlanData();
  change(plan);
  const text = stringify(plan);
  return { text, result: parsePlanText(text, 'plan.yaml', { catalog }) };
}

function connector(plan: PlanData, id: string): Record<string, unknown> {
  const found = plan.connectors.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no connector ${id}`);
  return found;
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('connector config check', () => {
  it('names a misspelt key with its path, position and the nearest valid key', () => {
    const { text, result } = validateWithCatalog((plan) => {
      const sendgrid = connector(plan, 'sendgrid');
      sendgrid.config = { api_key_env: 'SENDGRID_API_KEY', from_emial: 'launch@acme.example' };
    });
    expect(result.ok).toBe(false);
    const index = validPlanData().connectors.findIndex((c) => c.id === 'sendgrid');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['connectors', index, 'config', 'from_email'],
        code: 'missing_key',
      }),
      expect.objectContaining({
        severity: 'error',
        path: ['connectors', index, 'config', 'from_emial'],
        code: 'unknown_key',
        suggestion: 'from_email',
        line: lineOf(text, 'from_emial:'),
        column: 7,
      }),
    ]);
  });

  it('reports a value of the wrong type with what was expected', () => {
    const { text, result } = validateWithCatalog((plan) => {
      const prometheus = connector(plan, 'prometheus');
      prometheus.config = { base_url: 'https://prometheus.acme.example', timeout_seconds: 'ten' };
    });
    const index = validPlanData().connectors.findIndex((c) => c.id === 'prometheus');
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        path: ['connectors', index, 'config', 'timeout_seconds'],
        code: 'wrong_type',
        message: 'the string "ten" is not allowed here (prometheus config)',
        expected: 'a number',
        line: lineOf(text, 'timeout_seconds:'),
      }),
    );
  });

  it('rejects a vendor that does not provide the connector kind', () => {
    const { text, result } = validateWithCatalog((plan) => {
      connector(plan, 'pagerduty').vendor = 'statuspage';
    });
    const index = validPlanData().connectors.findIndex((c) => c.id === 'pagerduty');
    expect(result.problems.filter((p) => p.code === 'vendor_kind_mismatch')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['connectors', index, 'kind'],
        message: "vendor 'statuspage' does not provide kind paging",
        expected: 'one of: status_page',
        line: lineOf(text, 'kind: paging'),
      }),
    ]);
  });

  it('warns about an unknown vendor, listing the known vendors of its kind', () => {
    const { result } = validateWithCatalog((plan) => {
      connector(plan, 'sendgrid').vendor = 'sendgird';
    });
    const index = validPlanData().connectors.findIndex((c) => c.id === 'sendgrid');
    expect(result.problems.filter((p) => p.code === 'unknown_vendor')).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        path: ['connectors', index, 'vendor'],
        expected: 'a vendor of kind email, one of: mailchimp, sendgrid, smtp',
        suggestion: 'sendgrid',
      }),
    );
    expect(result.ok).toBe(true);
  });

  it('checks nothing without the catalog', () => {
    const plan = validPlanData();
    connector(plan, 'sendgrid').config = { from_emial: 'x' };
    const result = parsePlanText(stringify(plan), 'plan.yaml');
    expect(result.problems.filter((p) => p.code === 'unknown_key')).toEqual([]);
  });

  it.each(presetNames)('finds no error in the init plan of %s', (preset) => {
    const text = renderPlan(preset, { now: fixtureNow, schemaRef: 'schema.json' });
    const result = parsePlanText(text, `${preset}.yaml`, { catalog });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems.map((p) => p.code)).toEqual(result.problems.map(() => 'unknown_vendor'));
    expect(result.ok).toBe(true);
  });
});
