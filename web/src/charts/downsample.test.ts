import { describe, expect, it } from 'vitest';
import { type ChartPoint, downsample } from './downsample.ts';

/** 7 days of 1-minute data: a slow wave, one spike and one dip. */
const week: ChartPoint[] = Array.from({ length: 7 * 24 * 60 }, (_, i) => ({
  t: Date.UTC(2026, 1, 3) + i * 60_000,
  v: i === 5000 ? 95 : i === 8000 ? -40 : 10 * Math.sin(i / 300),
}));

describe('downsample (LTTB)', () => {
  it('reduces 7 days of 1-minute points to the threshold, keeping the ends, the spike and the dip', () => {
    const drawn = downsample(week, 1000);
    expect(drawn).toHaveLength(1000);
    expect(drawn[0]).toEqual(week[0]);
    expect(drawn.at(-1)).toEqual(week.at(-1));
    expect(drawn).toContainEqual(week[5000]);
    expect(drawn).toContainEqual(week[8000]);
    expect(drawn.map((p) => p.t)).toEqual([...drawn.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('returns short series unchanged', () => {
    expect(downsample(week.slice(0, 10), 1000)).toEqual(week.slice(0, 10));
  });
});
