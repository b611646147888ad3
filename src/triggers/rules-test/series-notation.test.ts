import { describe, expect, it } from 'vitest';
import { expandSeriesValues, parseSeriesSelector, SeriesNotationError } from './series-notation.ts';

describe('expanding notation', () => {
  it('expands a+bxN, a-bxN, axN, _xN, _ and stale like promtool', () => {
    expect(expandSeriesValues('1+2x3')).toEqual([1, 3, 5, 7]);
    expect(expandSeriesValues('10-1x2')).toEqual([10, 9, 8]);
    expect(expandSeriesValues('0.8x2')).toEqual([0.8, 0.8, 0.8]);
    expect(expandSeriesValues('-2+4x1')).toEqual([-2, 2]);
    expect(expandSeriesValues('1 _x2 _ stale 3')).toEqual([1, null, null, null, 'stale', 3]);
    expect(expandSeriesValues(' NaN Inf -Inf ')).toEqual([Number.NaN, Infinity, -Infinity]);
  });

  it.each(['1x', 'x3', '1+x3', 'abc', '1..2'])('rejects %j', (text) => {
    expect(() => expandSeriesValues(text)).toThrow(SeriesNotationError);
  });

  it('parses series selectors', () => {
    expect(parseSeriesSelector('up')).toEqual({ metric: 'up', labels: {} });
    expect(parseSeriesSelector('error_rate{service="a,b", env="prod"}')).toEqual({
      metric: 'error_rate',
      labels: { service: 'a,b', env: 'prod' },
    });
    expect(() => parseSeriesSelector('error_rate{service=a}')).toThrow(/bad label/);
    expect(() => parseSeriesSelector('{a="b"}')).toThrow(/bad series/);
  });
});
