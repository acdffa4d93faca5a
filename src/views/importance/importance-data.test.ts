import { describe, expect, it } from 'vitest';
import {
  block,
  column,
  csvRows,
  importanceRows,
  layerCounts,
  scaleMap,
  nested,
  rankLayer,
} from './importance-data';

describe('scaleMap', () => {
  it('maps the minimum to 0 and the maximum to 1 exactly', () => {
    const r = scaleMap([2, 4, 3, 6]);
    expect(Array.from(r.scaled)).toEqual([0, 0.5, 0.25, 1]);
    expect(r.flat).toBe(false);
  });
  it('says an all-zero or empty map is flat', () => {
    expect(Array.from(scaleMap([0, 0, 0]).scaled)).toEqual([0, 0, 0]);
    expect(scaleMap([0, 0]).flat).toBe(true);
    expect(scaleMap([]).flat).toBe(true);
  });
});

describe('slices', () => {
  it('column, block and nested read row-major arrays', () => {
    const tc = new Float32Array([0, 1, 2, 3, 4, 5]); // [3, 2]
    expect(Array.from(column(tc, 2, 1))).toEqual([1, 3, 5]);
    expect(nested(tc, 3, 2)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    const ftc = new Float32Array(12).map((_, i) => i); // [2, 3, 2]
    expect(Array.from(block(ftc, 3, 2, 1))).toEqual([6, 7, 8, 9, 10, 11]);
  });
});

describe('rankLayer', () => {
  it('ranks by importance, ties stably by filter index, scaled to the layer max', () => {
    const r = rankLayer([1, 4, 4, 2], 100);
    expect(r.map((f) => f.rank)).toEqual([4, 1, 2, 3]);
    expect(r.map((f) => f.scaled)).toEqual([0.25, 1, 1, 0.5]);
    expect(r.every((f) => f.highlighted)).toBe(true);
  });
  it('marks zero and vanishing filters inactive and never highlights them', () => {
    const r = rankLayer([0, 1, 1e-7, 5e-7, 0.5], 100);
    expect(r.map((f) => f.inactive)).toEqual([true, false, true, true, false]);
    expect(r.map((f) => f.highlighted)).toEqual([false, true, false, false, true]);
    expect(layerCounts(r)).toEqual({ filters: 5, inactive: 3, highlighted: 2 });
  });
  it('an all-zero layer is all inactive', () => {
    const r = rankLayer([0, 0, 0], 100);
    expect(r.every((f) => f.inactive && !f.highlighted && f.scaled === 0)).toBe(true);
  });
  it('keeps only the top p% of the layer', () => {
    const imp = Array.from({ length: 32 }, (_, i) => i + 1);
    expect(layerCounts(rankLayer(imp, 10)).highlighted).toBe(4);
    expect(layerCounts(rankLayer(imp, 100)).highlighted).toBe(32);
    expect(layerCounts(rankLayer(imp, 1)).highlighted).toBe(1);
    const top = rankLayer(imp, 10).filter((f) => f.highlighted);
    expect(top.map((f) => f.filter)).toEqual([28, 29, 30, 31]);
  });
});

describe('rows', () => {
  it('importance table rows say which filters are inactive or top', () => {
    const rows = importanceRows('conv1', rankLayer([0, 2, 1], 33), new Float32Array([3, 2, 1]));
    expect(rows).toEqual([
      ['conv1', 0, 0, 0, 3, 'inactive', 3],
      ['conv1', 1, 2, 1, 1, 'top', 2],
      ['conv1', 2, 1, 0.5, 2, '', 1],
    ]);
  });
  it('CSV: one row per filter with the dataset stats when computed', () => {
    const layers = [{ name: 'c', importance: [1, 2], lossImpact: null }];
    expect(csvRows(layers, null)[1]).toEqual(['c', 0, 1, null, null, null, null]);
    const ds = [{ name: 'c', min: [0, 1], mean: [1, 2], max: [2, 3] }];
    const rows = csvRows(layers, ds);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual(['c', 1, 2, null, 1, 2, 3]);
  });
});
