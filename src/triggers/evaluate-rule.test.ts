import { describe, expect, it } from 'vitest';
import type { MetricQuery, MetricReader } from '../metrics/metric-reader.ts';
import { defaultParameterValues } from '../plan/parameters.ts';
import { triggersSchema } from '../plan/sections/triggers.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { rulesForLaunch } from './launch-rules.ts';
import { initialRuleState, stepRule } from './rule-state-machine.ts';

const rules = rulesForLaunch({ triggers: triggersSchema.parse({}) }, defaultParameterValues(), {
  t0: new Date(0),
});
const rollbackUptime = rules.find((r) => r.id === 'LAUNCH-001.rollback_uptime');
if (!rollbackUptime) throw new Error('missing rule');
const constant = (value: number | null, reason?: string): MetricReader => ({
  read: async () => ({ value, ...(reason ? { reason } : {}) }),
});

describe('evaluateRule', () => {
  it('says why it breached, and reads the clear condition too', async () => {
    const queries: MetricQuery[] = [];
    const reader: MetricReader = {
      read: async (query) => {
        queries.push(query);
        return { value: query.name === 'uptime' ? 87.234 : 0.5 };
      },
    };
    const evaluation = await evaluateRule(rollbackUptime, reader, 'launch-1', 60_000);
    expect(evaluation).toEqual({
      outcome: { condition: 'breach', clearMet: false },
      value: 87.234,
      reason: 'uptime 87.23 % < 90 %',
    });
    expect(queries.map((q) => [q.launchId, q.name, q.at.getTime()])).toEqual([
      ['launch-1', 'uptime', 60_000],
      ['launch-1', 'uptime', 60_000],
      ['launch-1', 'error_rate', 60_000],
    ]);
  });

  it.each([
    [Number.NaN, 'reading is NaN'],
    [Number.POSITIVE_INFINITY, 'reading is Infinity'],
    [Number.NEGATIVE_INFINITY, 'reading is -Infinity'],
  ])('treats a reading of %s as no data', async (value, reason) => {
    const evaluation = await evaluateRule(rollbackUptime, constant(value), 'l', 0);
    expect(evaluation.outcome.condition).toBe('no_data');
    expect(evaluation.value).toBeNull();
    expect(evaluation.reason).toBe(`no data for uptime: ${reason}`);
  });

  it('keeps the reader reason of a missing metric (e.g. an unknown name)', async () => {
    const evaluation = await evaluateRule(rollbackUptime, constant(null, 'unknown metric'), 'l', 0);
    expect(evaluation.reason).toBe('no data for uptime: unknown metric');
  });

  it('turns a throwing reader into no data, and never fires the rollback rule on it', async () => {
    const broken: MetricReader = {
      read: async () => {
        throw new Error('prometheus: timeout after 10s');
      },
    };
    let state = initialRuleState;
    for (let i = 0; i <= 20; i++) {
      const evaluation = await evaluateRule(rollbackUptime, broken, 'l', i * 30_000);
      expect(evaluation.reason).toBe(
        'no data for uptime: reader failed: prometheus: timeout after 10s',
      );
      state = stepRule(rollbackUptime, state, evaluation.outcome, i * 30_000).next;
      expect(state.state).toBe('inactive');
    }
  });
});
