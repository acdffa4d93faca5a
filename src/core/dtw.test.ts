/** DTW: hand-worked cases, windows, and the Python reference (scripts/fixtures/clustering_fixtures.py). */
import { describe, expect, it } from 'vitest';
import { dtw, dtwMatrix, dtwMatrixRows, minMaxRows } from './dtw';
import { dtwWasmBytes, wasmDtwAvailable } from './dtw-wasm';
import { DTW_FIXTURES, PAIR_FIXTURES } from './clustering-fixtures.test-util';

/** max |x - y| / max(|y|, 1e-6) over two [n, n] matrices. */
function maxRel(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++)
    m = Math.max(m, Math.abs(x[i] - y[i]) / Math.max(Math.abs(y[i]), 1e-6));
  return m;
}

describe('dtw (hand-worked)', () => {
  it('is 0 for equal series and for a series against its time-shifted copy', () => {
    expect(dtw([0, 1, 2], [0, 1, 2])).toBe(0);
    // a = [0, 0, 1], b = [0, 1, 1]; local costs (a_i - b_j)^2:
    //   [0 1 1]        cumulative C:  [0 1 2]
    //   [0 1 1]                       [0 1 2]
    //   [1 0 0]                       [1 0 0]  -> dtw = sqrt(0) = 0 (Euclidean: 1)
    expect(dtw([0, 0, 1], [0, 1, 1])).toBe(0);
  });

  it('handles unequal lengths', () => {
    // a = [1, 2, 3], b = [2, 2, 2, 2]; local costs rows [1 1 1 1], [0 0 0 0], [1 1 1 1];
    // C = [1 2 3 4], [1 1 1 1], [2 2 2 2]  -> sqrt(2)
    expect(dtw([1, 2, 3], [2, 2, 2, 2])).toBeCloseTo(Math.SQRT2, 15);
    expect(dtw([2, 2, 2, 2], [1, 2, 3])).toBeCloseTo(Math.SQRT2, 15);
    // one point against three: every cell of the single row is on the path
    expect(dtw([1], [0, 2, 4])).toBeCloseTo(Math.sqrt(1 + 1 + 9), 15);
    expect(dtw([], [])).toBe(0);
    expect(dtw([1], [])).toBe(Infinity);
  });

  it('restricts warping to the Sakoe-Chiba window', () => {
    // a = [0, 1, 0, 0], b = [0, 0, 1, 0]: b is a shifted one step later.
    // Window 1 allows the path (0,0) (0,1) (1,2) (2,3) (3,3), every cost 0 -> 0.
    // Window 0 allows only the diagonal: the Euclidean distance sqrt(1 + 1).
    const a = [0, 1, 0, 0];
    const b = [0, 0, 1, 0];
    expect(dtw(a, b)).toBe(0);
    expect(dtw(a, b, 1)).toBe(0);
    expect(dtw(a, b, 0)).toBeCloseTo(Math.SQRT2, 15);
    // a two-step shift needs a window of 2
    const c = [0, 1, 0, 0, 0];
    const d = [0, 0, 0, 1, 0];
    expect(dtw(c, d, 1)).toBeGreaterThan(0);
    expect(dtw(c, d, 2)).toBe(0);
    expect(() => dtw(a, b, -1)).toThrow(RangeError);
  });
});

describe('dtw against the Python reference', () => {
  it('agrees on unequal-length pairs, windowed and not', () => {
    for (const p of PAIR_FIXTURES) {
      const v = dtw(Float32Array.from(p.a), Float32Array.from(p.b), p.window ?? undefined);
      expect(Math.abs(v - p.dtw)).toBeLessThanOrEqual(1e-12 * Math.max(1, p.dtw));
    }
  });

  for (const f of DTW_FIXTURES) {
    it(`matrices of ${f.name} (both CPU engines, window ${f.window})`, () => {
      const series = Float32Array.from(f.series);
      for (const engine of ['js', 'auto'] as const) {
        const full = dtwMatrix(series, f.n, f.T, { engine });
        expect(maxRel(full, f.full)).toBeLessThanOrEqual(2e-5);
        if (f.window !== null && f.windowed) {
          const win = dtwMatrix(series, f.n, f.T, { engine, window: f.window });
          expect(maxRel(win, f.windowed)).toBeLessThanOrEqual(2e-5);
        }
      }
    });
  }
});

describe('dtwMatrix', () => {
  it('runs WebAssembly SIMD in Node (the module validates)', () => {
    expect(WebAssembly.validate(dtwWasmBytes())).toBe(true);
    expect(wasmDtwAvailable()).toBe(true);
  });

  it('fills the same matrix in row chunks as in one call', () => {
    const f = DTW_FIXTURES[DTW_FIXTURES.length - 1];
    const series = Float32Array.from(f.series);
    const whole = dtwMatrix(series, f.n, f.T);
    const chunked = new Float32Array(f.n * f.n);
    for (let r = 0; r < f.n; r += 3)
      dtwMatrixRows(series, f.n, f.T, r, Math.min(f.n, r + 3), chunked);
    expect(Array.from(chunked)).toEqual(Array.from(whole));
  });

  it('handles tiny shapes and rejects wrong ones', () => {
    expect(Array.from(dtwMatrix(new Float32Array(0), 0, 5))).toEqual([]);
    expect(Array.from(dtwMatrix(new Float32Array([1, 2]), 1, 2))).toEqual([0]);
    expect(Array.from(dtwMatrix(new Float32Array(0), 3, 0))).toEqual(new Array(9).fill(0));
    // two single-step series: |a - b|
    expect(Array.from(dtwMatrix(new Float32Array([1, 4]), 2, 1))).toEqual([0, 3, 3, 0]);
    expect(() => dtwMatrix(new Float32Array(5), 2, 3)).toThrow(RangeError);
  });

  it('handles more series than one block of 16 lanes, with a window', () => {
    const n = 37;
    const T = 9;
    const series = Float32Array.from({ length: n * T }, (_, i) => Math.sin(i * 0.7) * (i % 5));
    for (const window of [undefined, 0, 2]) {
      const m = dtwMatrix(series, n, T, { window });
      const ref: number[] = [];
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          ref.push(
            i === j
              ? 0
              : dtw(series.subarray(i * T, i * T + T), series.subarray(j * T, j * T + T), window),
          );
      expect(maxRel(m, ref)).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('minMaxRows', () => {
  it('scales each row to [0, 1]; a constant row becomes 0', () => {
    const x = new Float32Array([2, 4, 6, 5, 5, 5, -1, 1, 0]);
    expect(Array.from(minMaxRows(x, 3, 3))).toEqual([0, 0.5, 1, 0, 0, 0, 0, 1, 0.5]);
    expect(() => minMaxRows(x, 2, 3)).toThrow(RangeError);
  });
});
