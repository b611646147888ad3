import { describe, expect, it } from 'vitest';
import type { Evidence, Gate } from './gate-model.ts';
import { gateOf, worstStatus } from './gate-model.ts';
import { readinessOf, readinessWeights } from './readiness-score.ts';
import { rosterGaps } from './roster-coverage.ts';

const H = 3_600_000;
const at = '2026-06-01T00:00:00.000Z';
const ev = (status: Evidence['status']): Evidence => ({ check: status, status, detail: '', at });

describe('roster coverage', () => {
  it('finds the uncovered intervals of T0…T+72h, whatever the order and overlaps', () => {
    const gaps = rosterGaps(
      [
        { person: 'b', from: 'T+20h', to: 'T+30h' },
        { person: 'a', from: 'T-2h', to: 'T+12h' },
        { person: 'c', from: 'T+25h', to: 'T+2d' },
      ],
      0,
      72 * H,
    );
    expect(gaps.map((g) => g.label)).toEqual(['T+12h – T+20h', 'T+2d – T+3d']);
    expect(gaps[0]).toMatchObject({ fromMs: 12 * H, toMs: 20 * H });
  });

  it('reports the whole window without shifts and nothing when covered end to end', () => {
    expect(rosterGaps([], 0, 72 * H).map((g) => g.label)).toEqual(['T0 – T+3d']);
    expect(
      rosterGaps(
        [
          { person: 'a', from: 'T0', to: 'T+36h' },
          { person: 'b', from: 'T+36h', to: 'T+4d' },
        ],
        0,
        72 * H,
      ),
    ).toEqual([]);
  });
});

describe('readiness score', () => {
  const gates = (statuses: Record<string, Evidence['status'][]>): Gate[] =>
    Object.entries(statuses).map(([name, list]) => gateOf(name as Gate['name'], list.map(ev)));

  it('weights documented factors to 100 and scores evidence pass 100, warn 50, fail 0', () => {
    expect(Object.values(readinessWeights).reduce((a, b) => a + b, 0)).toBe(100);
    const { score, factors } = readinessOf(
      gates({
        production_stable: ['pass', 'pass', 'warn', 'warn'],
        marketing_ready: ['pass'],
        support_trained: ['pass', 'fail'],
        prelaunch_validation: ['pass', 'pass'],
      }),
      { signed: 2, of: 4 },
    );
    expect(factors).toEqual([
      { name: 'production_stable', weight: 30, score: 75, detail: '2 pass, 2 warn, 0 fail' },
      { name: 'marketing_ready', weight: 25, score: 100, detail: '1 pass, 0 warn, 0 fail' },
      { name: 'support_trained', weight: 20, score: 50, detail: '1 pass, 0 warn, 1 fail' },
      { name: 'prelaunch_validation', weight: 15, score: 100, detail: '2 pass, 0 warn, 0 fail' },
      { name: 'team_signoffs', weight: 10, score: 50, detail: '2 of 4 roles signed off' },
    ]);
    // 22.5 + 25 + 10 + 15 + 5
    expect(score).toBe(77.5);
  });

  it('scores a factor that was not evaluated as 0', () => {
    const { score, factors } = readinessOf(
      gates({ production_stable: ['pass'], marketing_ready: ['pass'], support_trained: ['pass'] }),
      { signed: 4, of: 4 },
    );
    expect(factors.find((f) => f.name === 'prelaunch_validation')).toMatchObject({
      score: 0,
      detail: 'not evaluated yet',
    });
    expect(score).toBe(85);
  });

  it('takes the worst evidence as the gate status', () => {
    expect(worstStatus(['pass', 'warn', 'pass'])).toBe('warn');
    expect(worstStatus(['warn', 'fail'])).toBe('fail');
    expect(worstStatus([])).toBe('pass');
    expect(gateOf('support_trained', [ev('pass'), ev('fail')])).toMatchObject({
      owner: 'support_lead',
      status: 'fail',
    });
  });
});
