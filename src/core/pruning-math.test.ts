import { describe, expect, it } from 'vitest';
import {
  conv1dParams,
  currentIndex,
  denseParams,
  faithfulnessRatio,
  filtersToRemove,
  keptFilters,
  mostAndLeast,
  pruneOrder,
  reduction,
  sweepSteps,
  weightBytes,
} from './pruning-math';

describe('pruning math', () => {
  const mean = [0.5, 0.1, 2, 0.1, NaN];
  it('orders filters least or most important first, ties by index, NaN as 0', () => {
    expect(pruneOrder(mean, 'least-first')).toEqual([4, 1, 3, 0, 2]);
    expect(pruneOrder(mean, 'most-first')).toEqual([2, 0, 1, 3, 4]);
    expect(mostAndLeast(mean)).toEqual({ most: 2, least: 4 });
    expect(() => mostAndLeast([])).toThrow(RangeError);
  });
  it('faithfulness ratio: most over least', () => {
    expect(faithfulnessRatio(2, 0.5)).toBe(4);
    expect(faithfulnessRatio(1, 0)).toBe(Infinity);
    expect(faithfulnessRatio(0, 0)).toBe(1);
    expect(faithfulnessRatio(NaN, 1)).toBeNaN();
  });
  it('sweep steps down to one filter; removal keeps one; kept and current indices', () => {
    expect(sweepSteps(16)).toBe(15);
    expect(sweepSteps(1)).toBe(0);
    expect(filtersToRemove(mean, 2)).toEqual([1, 4]);
    expect(filtersToRemove(mean, 99)).toEqual([0, 1, 3, 4]);
    expect(filtersToRemove(mean, -1)).toEqual([]);
    expect(keptFilters(5, [1, 4])).toEqual([0, 2, 3]);
    expect(currentIndex(3, [1, 4])).toBe(2);
    expect(currentIndex(4, [1, 4])).toBe(-1);
    expect(currentIndex(0, [1, 4])).toBe(0);
  });
  it('parameter counts and sizes', () => {
    // the anomaly demo's conv2: kernel 3, 16 inputs, 32 filters, bias
    expect(conv1dParams(3, 16, 32, true)).toBe(1568);
    expect(conv1dParams(3, 16, 32, false)).toBe(1536);
    expect(denseParams(10 * 64, 1, true)).toBe(641);
    expect(weightBytes(641)).toBe(2564);
    expect(reduction(200, 150)).toBeCloseTo(0.25);
    expect(reduction(0, 0)).toBe(0);
  });
});
