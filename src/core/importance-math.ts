/**
 * Pure numbers behind the Importance view (paper Sections IV-B and V-C; no tfjs, no DOM):
 * min-max scaling, the percentile filter, inactive (dead) filters, Integrated Gradients and
 * SmoothGrad inputs from gradients, and the dataset-wide min/mean/max accumulation (Fig. 9).
 *
 * Shapes are row-major Float32Arrays: an input x is [T, C]; a layer's importances [F].
 */
import { Rng } from './random';

/** The smallest normal float32: anything smaller in magnitude counts as zero (a GPU may flush it). */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/** min and max of the finite values (NaN and ±Infinity are skipped); null when there are none. */
export function finiteRange(values: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * Min-max scaling (paper Section IV-B): (v - min) / (max - min) over the finite values, in
 * float64, returned as float32 in [0, 1]. All values equal (or none finite) gives zeros; a
 * non-finite value becomes 0.
 */
export function minMaxScale(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  const r = finiteRange(values);
  if (!r || r.max === r.min) return out;
  const span = r.max - r.min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? (v - r.min) / span : 0;
  }
  return out;
}

/** Sort key of an importance: NaN (and anything not a number) ranks last. */
const rankValue = (v: number): number => (Number.isNaN(v) ? -Infinity : v);

/**
 * The filters of one layer ranked by importance, largest first; ties (and NaN, ranked last)
 * keep index order. Returns filter indices [F].
 */
export function rankFilters(importances: ArrayLike<number>): number[] {
  const idx = Array.from({ length: importances.length }, (_, i) => i);
  return idx.sort((a, b) => {
    const d = rankValue(importances[b]) - rankValue(importances[a]);
    return d > 0 ? 1 : d < 0 ? -1 : a - b;
  });
}

/**
 * How many of F filters the top p% keeps: ceil(p·F/100) (with a little slack for float error,
 * so 30% of 10 is 3), at least 1 when p > 0 and F > 0, at most F; 0 when p ≤ 0.
 */
export function topCount(filters: number, p: number): number {
  if (!(p > 0) || filters <= 0) return 0;
  const k = Math.ceil((Math.min(p, 100) * filters) / 100 - 1e-9);
  return Math.min(filters, Math.max(1, k));
}

/**
 * The percentile control (paper view 2): indices of the top p% filters of a layer (p in
 * [0, 100]), most important first, ties ranked stably by index. At least one when p > 0.
 */
export function topPercentile(importances: ArrayLike<number>, p: number): number[] {
  return rankFilters(importances).slice(0, topCount(importances.length, p));
}

/**
 * Inactive filters of one layer: a filter is inactive when its importance is 0 (or smaller
 * than the smallest normal float32, which a GPU may flush to zero), NaN, or at most
 * `share` × the layer's largest finite importance. An all-zero layer is all inactive.
 * @param importance [F]
 * @returns [F] 1 = inactive, 0 = active
 */
export function inactiveFilters(importance: ArrayLike<number>, share: number): Uint8Array {
  const out = new Uint8Array(importance.length);
  let max = 0;
  for (let i = 0; i < importance.length; i++) {
    const v = Math.abs(importance[i]);
    if (Number.isFinite(v) && v > max) max = v;
  }
  const limit = Math.max(0, share) * max;
  for (let i = 0; i < importance.length; i++) {
    const v = Math.abs(importance[i]);
    out[i] = Number.isNaN(v) || v < FLOAT32_MIN_NORMAL || (v !== Infinity && v <= limit) ? 1 : 0;
  }
  return out;
}

/** How many filters `inactiveFilters` marks. */
export function countInactive(importance: ArrayLike<number>, share: number): number {
  return inactiveFilters(importance, share).reduce((a, b) => a + b, 0);
}

/** max - min of a sample's finite values (0 when constant or empty). */
export function valueRange(x: ArrayLike<number>): number {
  const r = finiteRange(x);
  return r ? r.max - r.min : 0;
}

/**
 * SmoothGrad inputs: `copies` noisy copies of x ([T·C] values), x + N(0, σ²) per value, seeded.
 * @returns [copies, T, C]
 */
export function noisyCopies(
  x: ArrayLike<number>,
  copies: number,
  sigma: number,
  seed: number,
): Float32Array {
  const rng = new Rng(seed);
  const n = x.length;
  const out = new Float32Array(copies * n);
  for (let k = 0; k < copies; k++)
    for (let i = 0; i < n; i++) out[k * n + i] = x[i] + (sigma > 0 ? rng.normal(0, sigma) : 0);
  return out;
}

/**
 * Integrated Gradients' path points by the midpoint rule: baseline + (k + 0.5)/steps ·
 * (x - baseline) for k = 0 .. steps - 1.
 * @param x [T·C]  @param baseline [T·C]
 * @returns [steps, T, C]
 */
export function integrationPath(
  x: ArrayLike<number>,
  baseline: ArrayLike<number>,
  steps: number,
): Float32Array {
  const n = x.length;
  if (baseline.length !== n) throw new RangeError(`baseline has ${baseline.length} values, x ${n}`);
  const out = new Float32Array(steps * n);
  for (let k = 0; k < steps; k++) {
    const a = (k + 0.5) / steps;
    for (let i = 0; i < n; i++) out[k * n + i] = baseline[i] + a * (x[i] - baseline[i]);
  }
  return out;
}

/**
 * Signed Integrated Gradients from the gradients at the path points (integrationPath):
 * IG_i = (x_i - baseline_i) · mean_k grad[k, i] (float64 sums). Completeness: Σ_i IG_i ≈
 * f(x) - f(baseline), the error shrinking as steps grow.
 * @param gradients [steps, T, C]
 * @returns [T, C]
 */
export function integratedGradients(
  x: ArrayLike<number>,
  baseline: ArrayLike<number>,
  gradients: ArrayLike<number>,
  steps: number,
): Float32Array {
  const n = x.length;
  if (gradients.length !== steps * n)
    throw new RangeError(`gradients have ${gradients.length} values, [${steps}, ${n}] expected`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < steps; k++) s += gradients[k * n + i];
    out[i] = (x[i] - baseline[i]) * (s / steps);
  }
  return out;
}

/**
 * Mean of |values| over the leading axis: [copies, n] -> [n] (SmoothGrad of |gradient|).
 */
export function meanAbs(values: ArrayLike<number>, copies: number): Float32Array {
  const n = copies > 0 ? values.length / copies : 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < copies; k++) s += Math.abs(values[k * n + i]);
    out[i] = s / copies;
  }
  return out;
}

/** Per-(t, c) mean of a dataset x [N, T, C] -> [T, C] (the 'dataset-mean' IG baseline). */
export function datasetMean(x: ArrayLike<number>, n: number): Float32Array {
  const size = n > 0 ? x.length / n : 0;
  const acc = new Float64Array(size);
  for (let r = 0; r < n; r++) for (let i = 0; i < size; i++) acc[i] += x[r * size + i];
  return Float32Array.from(acc, (v) => v / n);
}

/** Running per-filter min / sum / max of one layer's importances over dataset rows. */
export interface ImportanceStats {
  filters: number;
  rows: number;
  min: Float64Array;
  sum: Float64Array;
  max: Float64Array;
}

export function emptyImportanceStats(filters: number): ImportanceStats {
  return {
    filters,
    rows: 0,
    min: new Float64Array(filters).fill(Infinity),
    sum: new Float64Array(filters),
    max: new Float64Array(filters).fill(-Infinity),
  };
}

/** Add a batch of importances [n, F] (row-major) to the stats. */
export function addImportanceBatch(stats: ImportanceStats, values: ArrayLike<number>): void {
  const F = stats.filters;
  if (F === 0) return;
  if (values.length % F !== 0)
    throw new RangeError(`${values.length} importances are not rows of ${F} filters`);
  const n = values.length / F;
  for (let r = 0; r < n; r++)
    for (let f = 0; f < F; f++) {
      const v = values[r * F + f];
      if (v < stats.min[f]) stats.min[f] = v;
      if (v > stats.max[f]) stats.max[f] = v;
      stats.sum[f] += v;
    }
  stats.rows += n;
}

/** The min, mean and max [F] of each filter (zeros when no rows were added). */
export function finishImportanceStats(stats: ImportanceStats): {
  min: Float32Array;
  mean: Float32Array;
  max: Float32Array;
} {
  const none = stats.rows === 0;
  return {
    min: Float32Array.from(stats.min, (v) => (none ? 0 : v)),
    mean: Float32Array.from(stats.sum, (v) => (none ? 0 : v / stats.rows)),
    max: Float32Array.from(stats.max, (v) => (none ? 0 : v)),
  };
}
