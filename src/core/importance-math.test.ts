import { describe, expect, it } from 'vitest';
import {
  addImportanceBatch,
  countInactive,
  datasetMean,
  emptyImportanceStats,
  finishImportanceStats,
  inactiveFilters,
  integratedGradients,
  integrationPath,
  meanAbs,
  minMaxScale,
  noisyCopies,
  topCount,
  topPercentile,
  valueRange,
} from './importance-math';

describe('minMaxScale', () => {
  it('is exact: (v - min) / (max - min)', () => {
    expect(Array.from(minMaxScale([2, 4, 6, 3]))).toEqual([0, 0.5, 1, 0.25]);
    expect(Array.from(minMaxScale([-1, 1]))).toEqual([0, 1]);
  });
  it('all equal, empty or non-finite gives zeros', () => {
    expect(Array.from(minMaxScale([5, 5, 5]))).toEqual([0, 0, 0]);
    expect(Array.from(minMaxScale([]))).toEqual([]);
    expect(Array.from(minMaxScale([NaN, 0, 2]))).toEqual([0, 0, 1]);
  });
  it('keeps values spanning tens of orders of magnitude ordered', () => {
    const s = minMaxScale([1e-30, 1e-10, 1]);
    expect(s[0]).toBe(0);
    expect(s[2]).toBe(1);
    expect(s[1]).toBeGreaterThan(0);
  });
});

describe('topPercentile', () => {
  it('keeps the top p% ranked, ties stably by index, at least one', () => {
    const imp = [0.1, 0.5, 0.5, 0.2, 0, 0.9, 0.5, 0, 0.3, 0.05];
    expect(topPercentile(imp, 30)).toEqual([5, 1, 2]);
    expect(topPercentile(imp, 50)).toEqual([5, 1, 2, 6, 8]);
    expect(topPercentile(imp, 1)).toEqual([5]);
    expect(topPercentile(imp, 0)).toEqual([]);
    expect(topPercentile(imp, 100)).toEqual([5, 1, 2, 6, 8, 3, 0, 9, 4, 7]);
    expect(topPercentile([0, 0, 0], 50)).toEqual([0, 1]);
  });
  it('ranks NaN last', () => {
    expect(topPercentile([NaN, 1, 2], 100)).toEqual([2, 1, 0]);
  });
  it('counts', () => {
    expect(topCount(10, 30)).toBe(3);
    expect(topCount(64, 10)).toBe(7);
    expect(topCount(0, 50)).toBe(0);
    expect(topCount(5, 200)).toBe(5);
  });
});

describe('inactiveFilters', () => {
  it('marks zero, tiny against the max, denormal and NaN filters', () => {
    const f32denormal = 1e-40;
    const r = inactiveFilters([0, 1, 0.005, 0.5, f32denormal, NaN, 0.01], 0.01);
    expect(Array.from(r)).toEqual([1, 0, 1, 0, 1, 1, 1]);
    expect(countInactive([0, 1, 0.005, 0.5], 0.01)).toBe(2);
  });
  it('an all-zero layer is all inactive; share 0 keeps every non-zero filter', () => {
    expect(Array.from(inactiveFilters([0, 0, 0], 0.01))).toEqual([1, 1, 1]);
    expect(Array.from(inactiveFilters([1e-30, 1e-20, 1], 0))).toEqual([0, 0, 0]);
    expect(Array.from(inactiveFilters([], 0.5))).toEqual([]);
  });
});

describe('Integrated Gradients and SmoothGrad helpers', () => {
  it('midpoint path and IG of a linear function are exact', () => {
    const x = [1, 2];
    const b = [0, 0];
    const path = integrationPath(x, b, 4);
    expect(Array.from(path)).toEqual([0.125, 0.25, 0.375, 0.75, 0.625, 1.25, 0.875, 1.75]);
    // f(x) = 3 x0 - 2 x1: gradient constant
    const grads = Float32Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 3 : -2));
    const ig = integratedGradients(x, b, grads, 4);
    expect(Array.from(ig)).toEqual([3, -4]);
    expect(ig[0] + ig[1]).toBe(3 * 1 - 2 * 2);
  });
  it('IG of f(x) = x² sums to f(x) - f(b) (midpoint rule is exact for linear gradients)', () => {
    const x = [3];
    const b = [1];
    const steps = 8;
    const path = integrationPath(x, b, steps);
    const grads = path.map((v) => 2 * v);
    const ig = integratedGradients(x, b, grads, steps);
    expect(ig[0]).toBeCloseTo(9 - 1, 5);
  });
  it('noisy copies are seeded; noise 0 copies x', () => {
    const x = [1, 2, 3];
    expect(Array.from(noisyCopies(x, 2, 0, 1))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(noisyCopies(x, 3, 0.5, 7)).toEqual(noisyCopies(x, 3, 0.5, 7));
    expect(noisyCopies(x, 3, 0.5, 7)).not.toEqual(noisyCopies(x, 3, 0.5, 8));
  });
  it('meanAbs, valueRange, datasetMean', () => {
    expect(Array.from(meanAbs([1, -2, -3, 4], 2))).toEqual([2, 3]);
    expect(valueRange([3, -1, 2])).toBe(4);
    expect(valueRange([])).toBe(0);
    expect(Array.from(datasetMean([1, 2, 3, 4, 5, 6], 2))).toEqual([2.5, 3.5, 4.5]);
  });
});

describe('dataset min / mean / max', () => {
  it('accumulates over batches', () => {
    const s = emptyImportanceStats(2);
    addImportanceBatch(s, [1, 10, 3, 0]);
    addImportanceBatch(s, [2, 5]);
    const r = finishImportanceStats(s);
    expect(s.rows).toBe(3);
    expect(Array.from(r.min)).toEqual([1, 0]);
    expect(Array.from(r.mean)).toEqual([2, 5]);
    expect(Array.from(r.max)).toEqual([3, 10]);
    expect(() => addImportanceBatch(s, [1, 2, 3])).toThrow(RangeError);
    const none = finishImportanceStats(emptyImportanceStats(2));
    expect(Array.from(none.min)).toEqual([0, 0]);
  });
});
