/**
 * Pure arithmetic of influence-guided pruning (paper Section IV-F, Fig. 10 and Table 1): the
 * order in which a layer's filters are pruned, the faithfulness ratio, which filters a download
 * keeps, and the size of a model in parameters and bytes. No tfjs, no DOM.
 *
 * Filters are named by their index f in 0..F-1 within their conv layer; importances are the
 * dataset-wide mean importance of each filter, [F] (unitless: Σ_p |dŷ/da| averaged over rows).
 */

/** 'least-first' prunes the least important filter first (the paper's curve); 'most-first' is the contrast. */
export type PruneOrder = 'least-first' | 'most-first';

export const PRUNE_ORDERS: readonly PruneOrder[] = ['least-first', 'most-first'];

/**
 * Filter indices sorted by mean importance: ascending for 'least-first', descending for
 * 'most-first'. Ties keep the lower index first, so the order is the same on every run.
 * A non-finite importance counts as 0.
 * @param mean [F] mean importance per filter
 */
export function pruneOrder(mean: ArrayLike<number>, order: PruneOrder): number[] {
  const v = (i: number) => (Number.isFinite(mean[i]) ? mean[i] : 0);
  const idx = Array.from({ length: mean.length }, (_, i) => i);
  const sign = order === 'least-first' ? 1 : -1;
  return idx.sort((a, b) => sign * (v(a) - v(b)) || a - b);
}

/** The most and the least important filter of a layer (Table 1). Throws on an empty layer. */
export function mostAndLeast(mean: ArrayLike<number>): { most: number; least: number } {
  if (mean.length === 0) throw new RangeError('a layer without filters has no ranking');
  const least = pruneOrder(mean, 'least-first')[0];
  const most = pruneOrder(mean, 'most-first')[0];
  return { most, least };
}

/**
 * Table 1's ratio: test loss after zeroing the most important filter over the loss after
 * zeroing the least important one. Above 1: the ranking is faithful. Infinity when the least
 * important filter's loss is 0; NaN when either loss is not a number.
 */
export function faithfulnessRatio(mostLoss: number, leastLoss: number): number {
  if (!Number.isFinite(mostLoss) || !Number.isFinite(leastLoss)) return NaN;
  if (leastLoss === 0) return mostLoss === 0 ? 1 : Infinity;
  return mostLoss / leastLoss;
}

/**
 * How many steps a sweep of a layer with F filters takes: one filter at a time until one is
 * left, so F - 1 pruning steps (plus the unpruned start point).
 */
export function sweepSteps(filters: number): number {
  return Math.max(0, filters - 1);
}

/**
 * The filters a pruned layer removes: the `count` least important (a layer always keeps at
 * least one). Sorted ascending.
 * @param mean [F] mean importance per filter
 */
export function filtersToRemove(mean: ArrayLike<number>, count: number): number[] {
  const n = Math.max(0, Math.min(Math.floor(count), mean.length - 1));
  return pruneOrder(mean, 'least-first')
    .slice(0, n)
    .sort((a, b) => a - b);
}

/** The filter indices 0..F-1 that stay when `removed` go, ascending. */
export function keptFilters(filters: number, removed: readonly number[]): number[] {
  const gone = new Set(removed);
  return Array.from({ length: filters }, (_, i) => i).filter((i) => !gone.has(i));
}

/**
 * Where filter `original` sits in a layer after `removed` (original indices) are gone, or -1
 * when it was removed itself. A sweep that removes filters for real names each step's filter
 * in the current, smaller layer.
 */
export function currentIndex(original: number, removed: readonly number[]): number {
  if (removed.includes(original)) return -1;
  return original - removed.filter((r) => r < original).length;
}

/** Parameters of a Conv1D layer: kernel k × Cin × F, plus F biases when it has them. */
export function conv1dParams(
  kernelSize: number,
  inChannels: number,
  filters: number,
  bias: boolean,
): number {
  return kernelSize * inChannels * filters + (bias ? filters : 0);
}

/** Parameters of a Dense layer: inputs × units, plus units biases when it has them. */
export function denseParams(inputs: number, units: number, bias: boolean): number {
  return inputs * units + (bias ? units : 0);
}

/** Bytes of float32 weights for a parameter count (4 bytes each). */
export function weightBytes(params: number): number {
  return params * 4;
}

/** How much smaller: 1 - after / before (0.25 = a quarter smaller); 0 when before is 0. */
export function reduction(before: number, after: number): number {
  return before > 0 ? 1 - after / before : 0;
}
