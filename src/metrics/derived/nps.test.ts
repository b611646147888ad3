import { describe, expect, it } from 'vitest';
import { computeNps } from './nps.ts';

describe('computeNps', () => {
  it('is % promoters − % detractors, passives counting in the total', () => {
    const summary = computeNps([10, 9, 8, 7, 6, 0]);
    expect(summary).toMatchObject({ nps: 0, n: 6, promoters: 2, passives: 2, detractors: 2 });
  });

  it('gives a 95 % interval that narrows as n grows and stays within −100…100', () => {
    const small = computeNps([10, 10, 10, 3]);
    const large = computeNps([
      ...Array(100).fill(10),
      ...Array(100).fill(10),
      ...Array(100).fill(10),
      ...Array(100).fill(3),
    ]);
    expect(small?.nps).toBe(50);
    expect(large?.nps).toBe(50);
    // variance = (p + d) − (p − d)² = 1 − 0.25 = 0.75
    const half = (n: number) => 100 * 1.96 * Math.sqrt(0.75 / n);
    expect(large?.ci95[0]).toBeCloseTo(50 - half(400));
    expect(large?.ci95[1]).toBeCloseTo(50 + half(400));
    expect(small?.ci95[1]).toBe(100);
    expect(computeNps([10])?.ci95).toEqual([100, 100]);
  });

  it('is null without answers', () => {
    expect(computeNps([])).toBeNull();
  });
});
